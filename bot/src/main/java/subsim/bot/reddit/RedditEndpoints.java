package subsim.bot.reddit;

import okhttp3.HttpUrl;

/**
 * Where the two Reddit hosts really are: {@code oauth.reddit.com} (the API) and {@code www.reddit.com} (tokens and
 * permalinks), like PRAW's {@code oauth_url} and {@code reddit_url}; the sandbox answers both.
 */
public record RedditEndpoints(HttpUrl oauthUrl, HttpUrl redditUrl) {

  public static final String REDDIT_OAUTH = "https://oauth.reddit.com";
  public static final String REDDIT_WWW = "https://www.reddit.com";

  /** The real Reddit. */
  public static RedditEndpoints live() {
    return live(REDDIT_OAUTH, REDDIT_WWW);
  }

  /** Reddit-compatible servers at other addresses (as praw.ini's {@code oauth_url} and {@code reddit_url}). */
  public static RedditEndpoints live(String oauthUrl, String redditUrl) {
    return new RedditEndpoints(parse(oauthUrl, "oauth_url"), parse(redditUrl, "reddit_url"));
  }

  /** The local sandbox Reddit at {@code baseUrl} (e.g. {@code http://127.0.0.1:8081}). */
  public static RedditEndpoints sandbox(String baseUrl) {
    HttpUrl url = parse(baseUrl, "sandbox url");
    return new RedditEndpoints(url, url);
  }

  /** True when requests need rewriting (anything but the real hosts). */
  public boolean rewrites() {
    return !oauthUrl.equals(HttpUrl.parse(REDDIT_OAUTH)) || !redditUrl.equals(HttpUrl.parse(REDDIT_WWW));
  }

  /** The browser address of a permalink such as {@code /r/x/comments/abc/t/}. */
  public String permalink(String path) {
    return redditUrl.resolve(path).toString();
  }

  private static HttpUrl parse(String url, String field) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("Reddit " + field + ": not an http(s) URL: " + url);
    }
    return parsed;
  }
}
