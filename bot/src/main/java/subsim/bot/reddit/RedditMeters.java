package subsim.bot.reddit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one account's Reddit traffic: every HTTP request JRAW makes (endpoint, method, status, time) and every
 * wait for Reddit's limits (cause, time).
 */
final class RedditMeters {

  /** The status tag of a request that got no HTTP answer (refused, dropped or timed-out connection). */
  static final String NO_ANSWER = "IOException";

  private final MeterRegistry registry;
  private final String account;

  RedditMeters(MeterRegistry registry, String account) {
    this.registry = registry;
    this.account = account;
  }

  /** One HTTP request to {@code endpoint} (see {@link RequestMeter#endpoint}) and its answer's status. */
  void request(String endpoint, String method, String status, long nanos) {
    Timer.builder("subsim.reddit.requests").description("HTTP requests to Reddit by endpoint, method and status")
        .tags("account", account, "endpoint", endpoint, "method", method, "status", status)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One wait for Reddit's limits: {@code quota} (X-Ratelimit headers spent), {@code pacing} (our per-minute cap),
   * {@code retry_after} (429 or RATELIMIT) or {@code backoff} (5xx or dropped connection). Zero waits are not counted.
   */
  void waited(String cause, Duration wait) {
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    Timer.builder("subsim.reddit.ratelimit.waits").description("waits before Reddit requests, by cause")
        .tags("account", account, "cause", cause).register(registry).record(wait);
  }
}
