package subsim.bot.reddit;

import java.time.Duration;

/**
 * What can go wrong talking to Reddit, as data: callers switch on the subclass and read the wait, status or code.
 * JRAW's and OkHttp's exceptions never leave this package; {@link JrawErrors} turns them into these.
 */
public abstract sealed class RedditException extends RuntimeException {

  RedditException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when trying again later can succeed (limits, server trouble, lost connections). */
  public abstract boolean transientFailure();

  /** Reddit said "slow down": a 429 with Retry-After, or the RATELIMIT error on submit/comment; nothing was stored. */
  public static final class RateLimited extends RedditException {
    private final Duration retryAfter;

    RateLimited(Duration retryAfter, String message, Throwable cause) {
      super(message + " (retry after " + retryAfter.toSeconds() + " s)", cause);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }

    @Override
    public boolean transientFailure() {
      return true;
    }
  }

  /** A 5xx answer: for a write, whether it was stored is unknown. */
  public static final class ServerError extends RedditException {
    private final int status;

    ServerError(int status, Throwable cause) {
      super("Reddit answered HTTP " + status, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }

    @Override
    public boolean transientFailure() {
      return true;
    }
  }

  /** The connection failed or dropped: for a write, whether it was stored is unknown. */
  public static final class ConnectionLost extends RedditException {
    ConnectionLost(String message, Throwable cause) {
      super("connection to Reddit lost: " + message, cause);
    }

    @Override
    public boolean transientFailure() {
      return true;
    }
  }

  /** Reddit refused the request for a reason that retrying will not change (bad subreddit, text too long, 4xx). */
  public static final class ApiError extends RedditException {
    private final String code;

    ApiError(String code, String explanation, Throwable cause) {
      super("Reddit API error " + code + ": " + explanation, cause);
      this.code = code;
    }

    public String code() {
      return code;
    }

    @Override
    public boolean transientFailure() {
      return false;
    }
  }

  /**
   * Reddit answered, but not in the shape JRAW's models read (a field they require is missing or of another type):
   * asking again gets the same answer. For a write, whether it was stored is unknown.
   */
  public static final class UnreadableAnswer extends RedditException {
    UnreadableAnswer(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean transientFailure() {
      return false;
    }
  }

  /** The account's credentials were refused. */
  public static final class AuthenticationFailed extends RedditException {
    AuthenticationFailed(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean transientFailure() {
      return false;
    }
  }

  /** A write failed again and again with unknown outcome and reconciliation did not find it: check later. */
  public static final class GaveUp extends RedditException {
    private final int attempts;

    GaveUp(int attempts, RedditException last) {
      super("gave up after " + attempts + " attempts: " + last.getMessage(), last);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }

    @Override
    public boolean transientFailure() {
      return true;
    }
  }
}
