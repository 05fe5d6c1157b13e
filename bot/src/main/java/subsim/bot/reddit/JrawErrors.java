package subsim.bot.reddit;

import com.squareup.moshi.JsonDataException;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dean.jraw.ApiException;
import net.dean.jraw.RateLimitException;
import net.dean.jraw.http.NetworkException;
import net.dean.jraw.oauth.OAuthException;

/** Turns what JRAW and OkHttp throw into {@link RedditException}s, keeping the data (waits, status, codes). */
final class JrawErrors {

  /** Used when a 429 carries no Retry-After: Reddit's windows are at most ten minutes, one minute is the usual. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  /**
   * The wait in Reddit's RATELIMIT text: "try again in 6 minutes." (until about 2021), now "Looks like you've been
   * doing that a lot. Take a break for 6 minutes before trying again." (or seconds, even milliseconds).
   */
  private static final Pattern TRY_AGAIN = Pattern.compile(
      "(?:try again in|take a break for) (\\d+) (millisecond|second|minute|hour)s?", Pattern.CASE_INSENSITIVE);

  private static final String JRAW_MODELS = "net.dean.jraw.models.";

  private JrawErrors() {}

  static RedditException translate(Throwable e) {
    if (e instanceof RedditException ours) {
      return ours;
    }
    if (e instanceof RateLimitException limit) {
      return new RedditException.RateLimited(
          Duration.ofMillis((long) Math.ceil(limit.getCooldown() * 1000)), "Reddit RATELIMIT", e);
    }
    if (e instanceof ApiException api) {
      return fromApi(api);
    }
    if (e instanceof OAuthException) {
      return new RedditException.AuthenticationFailed("Reddit refused the credentials: " + e.getMessage(), e);
    }
    if (e instanceof NetworkException network) {
      return fromStatus(network.getRes().getCode(), network.getRes().getRaw().header("Retry-After"), e);
    }
    if (e instanceof ProtocolException && String.valueOf(e.getMessage()).startsWith("Too many follow-up")) {
      // OkHttp re-sent the Basic credentials until it gave up: Reddit kept answering 401.
      return new RedditException.AuthenticationFailed("Reddit refused the app's client id or secret", e);
    }
    if (e instanceof JsonDataException json) {
      return new RedditException.UnreadableAnswer("Reddit's answer does not fit JRAW's models: " + json.getMessage(), e);
    }
    if (e instanceof NullPointerException missing && thrownByJrawModel(missing)) {
      return new RedditException.UnreadableAnswer(missingField(missing), e);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return new RedditException.ConnectionLost(String.valueOf(io.getMessage()), e);
      }
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new IllegalStateException(e);
  }

  /** JRAW's models are AutoValue classes whose constructors throw "Null gildings" for a missing required field. */
  private static boolean thrownByJrawModel(NullPointerException e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith(JRAW_MODELS)
        && String.valueOf(e.getMessage()).startsWith("Null ");
  }

  private static String missingField(NullPointerException e) {
    String model = e.getStackTrace()[0].getClassName().substring(JRAW_MODELS.length()).replace("$AutoValue_", "")
        .replace("AutoValue_", "");
    return "Reddit's answer has no '" + e.getMessage().substring("Null ".length()) + "', which JRAW's " + model
        + " requires";
  }

  /** True when Reddit answered 401 to an API request: its access token expired or was revoked. */
  static boolean tokenRefused(Throwable e) {
    Throwable network = e instanceof ApiException api ? api.getCause() : e;
    return network instanceof NetworkException n && n.getRes().getCode() == 401;
  }

  private static RedditException fromApi(ApiException api) {
    // JRAW reads {"message": ..., "error": 429} bodies as API errors; the HTTP status says more.
    if (api.getCause() instanceof NetworkException network) {
      int status = network.getRes().getCode();
      if (status == 429 || status >= 500 || status == 401 || status == 403) {
        return fromStatus(status, network.getRes().getRaw().header("Retry-After"), api);
      }
    }
    if ("RATELIMIT".equals(api.getCode())) {
      return new RedditException.RateLimited(waitFromText(api.getExplanation()), "Reddit RATELIMIT", api);
    }
    return new RedditException.ApiError(api.getCode(), api.getExplanation(), api);
  }

  static RedditException fromStatus(int status, String retryAfter, Throwable cause) {
    if (status == 429) {
      return new RedditException.RateLimited(parseRetryAfter(retryAfter), "Reddit answered 429", cause);
    }
    if (status >= 500) {
      return new RedditException.ServerError(status, cause);
    }
    if (status == 401) {
      return new RedditException.AuthenticationFailed("Reddit answered HTTP 401", cause);
    }
    if (status == 403) {
      // The credentials were good enough to get this far: Reddit refuses this subreddit or this action.
      return new RedditException.ApiError("FORBIDDEN", "Reddit refused access (HTTP 403): the subreddit may be private,"
          + " quarantined or banned, or the account may not post there", cause);
    }
    return new RedditException.ApiError("HTTP_" + status, "unexpected answer", cause);
  }

  /** The wait a RATELIMIT text asks for (see {@link #TRY_AGAIN}; a minute if the text says nothing). */
  static Duration waitFromText(String explanation) {
    Matcher m = TRY_AGAIN.matcher(explanation == null ? "" : explanation);
    if (!m.find()) {
      return DEFAULT_RETRY_AFTER;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "millisecond" -> Duration.ofMillis(n);
      case "second" -> Duration.ofSeconds(n);
      case "minute" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static Duration parseRetryAfter(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;  // an HTTP-date Retry-After: Reddit does not send one, so a minute is safe
    }
  }
}
