package subsim.bot.reddit;

import java.io.IOException;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Sends JRAW's requests for the reddit.com hosts to {@link RedditEndpoints}: how JRAW talks to the sandbox. */
final class HostRewriter implements Interceptor {

  private static final Set<String> WWW_HOSTS = Set.of("www.reddit.com", "ssl.reddit.com", "reddit.com");
  private static final String OAUTH_HOST = "oauth.reddit.com";

  private final RedditEndpoints endpoints;

  HostRewriter(RedditEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    HttpUrl target = url.host().equals(OAUTH_HOST) ? endpoints.oauthUrl()
        : WWW_HOSTS.contains(url.host()) ? endpoints.redditUrl() : null;
    if (target == null) {
      return chain.proceed(request);
    }
    return chain.proceed(request.newBuilder().url(rewrite(url, target)).build());
  }

  static HttpUrl rewrite(HttpUrl url, HttpUrl target) {
    String prefix = target.encodedPath().endsWith("/")
        ? target.encodedPath().substring(0, target.encodedPath().length() - 1) : target.encodedPath();
    return url.newBuilder()
        .scheme(target.scheme())
        .host(target.host())
        .port(target.port())
        .encodedPath(prefix + url.encodedPath())
        .build();
  }
}
