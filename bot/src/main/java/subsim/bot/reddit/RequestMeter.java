package subsim.bot.reddit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts and times every HTTP request JRAW sends (tokens included), tagged with a low-cardinality endpoint name: the
 * path with subreddits, users and ids replaced by placeholders, as in Reddit's API documentation.
 */
final class RequestMeter implements Interceptor {

  /** The segment after each of these names a thing, not an endpoint. */
  private static final Map<String, String> NAMED_BY_PREVIOUS =
      Map.of("r", "{sub}", "user", "{user}", "u", "{user}", "by_id", "{ids}", "comments", "{id}");
  /** Base-36 ids contain a digit somewhere; API versions ({@code v1}) are the one digit-bearing literal. */
  private static final Pattern ID = Pattern.compile("(?!v\\d+$)[A-Za-z0-9_,]*\\d[A-Za-z0-9_,]*");

  private final RedditMeters meters;

  RequestMeter(RedditMeters meters) {
    this.meters = meters;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String endpoint = endpoint(request.url());
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      meters.request(endpoint, request.method(), Integer.toString(response.code()), System.nanoTime() - start);
      return response;
    } catch (IOException e) {
      meters.request(endpoint, request.method(), RedditMeters.NO_ANSWER, System.nanoTime() - start);
      throw e;
    }
  }

  /**
   * The endpoint of a Reddit URL: {@code /r/Jokes/new} is {@code /r/{sub}/new}, {@code /comments/abc/title/def} is
   * {@code /comments/{id}} (a thread's page, whatever follows the id), {@code /user/x/submitted} is
   * {@code /user/{user}/submitted}; other segments with a digit (ids) become {@code {id}}.
   */
  static String endpoint(HttpUrl url) {
    List<String> segments = url.pathSegments();
    StringBuilder name = new StringBuilder();
    String previous = "";
    for (String segment : segments) {
      if (segment.isEmpty()) {
        continue;
      }
      String placeholder = NAMED_BY_PREVIOUS.get(previous);
      String part = placeholder != null ? placeholder
          : ID.matcher(segment).matches() ? "{id}" : segment.replaceFirst("\\.json$", "");
      name.append('/').append(part);
      if ("{id}".equals(placeholder) && "comments".equals(previous)) {
        break;
      }
      previous = placeholder != null ? "" : segment;
    }
    return name.length() == 0 ? "/" : name.toString();
  }
}
