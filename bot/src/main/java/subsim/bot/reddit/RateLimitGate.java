package subsim.bot.reddit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Reads Reddit's {@code X-Ratelimit-Remaining} / {@code X-Ratelimit-Reset} headers from every response and, once the
 * quota is spent, holds the next request until the window resets instead of letting Reddit refuse it.
 */
final class RateLimitGate implements Interceptor {

  private final Timekeeper time;
  private final RedditMeters meters;
  private double remaining = Double.POSITIVE_INFINITY;
  private Instant resetAt = Instant.MIN;

  RateLimitGate(Timekeeper time, RedditMeters meters) {
    this.time = time;
    this.meters = meters;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Duration wait = waitBeforeNextRequest();
    meters.waited("quota", wait);
    time.sleep(wait);
    Response response = chain.proceed(chain.request());
    record(response.header("X-Ratelimit-Remaining"), response.header("X-Ratelimit-Reset"));
    return response;
  }

  /** How long the next request must wait: zero while quota remains, else until the window resets. */
  synchronized Duration waitBeforeNextRequest() {
    if (remaining >= 1) {
      return Duration.ZERO;
    }
    Duration wait = Duration.between(time.now(), resetAt);
    remaining = Double.POSITIVE_INFINITY;  // the window has reset once we have waited for it
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  synchronized void record(String remainingHeader, String resetHeader) {
    if (remainingHeader == null || resetHeader == null) {
      return;
    }
    try {
      remaining = Double.parseDouble(remainingHeader.trim());
      resetAt = time.now().plusSeconds(Long.parseLong(resetHeader.trim()));
    } catch (NumberFormatException e) {
      // A malformed header tells us nothing; keep the last known state rather than failing the request.
    }
  }
}
