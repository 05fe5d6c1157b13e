package subsim.bot.reddit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * How a {@link RedditSession} behaves: User-Agent identity, request pacing, how reads retry, where it is metered.
 *
 * @param appId the app name in the User-Agent ({@code <platform>:<app id>:<version> (by /u/name)})
 * @param version the app version in the User-Agent
 * @param requestsPerMinute client-side cap, below Reddit's 100 per minute
 * @param maxAttempts attempts per request before giving up (reads and unknown-outcome writes)
 * @param firstBackoff the wait after the first 5xx or dropped connection; doubles each time, at most a minute
 * @param time clock and sleep (a fake one in tests)
 * @param meters where every HTTP request and rate-limit wait is counted (see {@link RedditMeters})
 */
public record RedditClientOptions(String appId, String version, int requestsPerMinute, int maxAttempts,
    Duration firstBackoff, Timekeeper time, MeterRegistry meters) {

  public RedditClientOptions {
    if (requestsPerMinute < 1 || requestsPerMinute > 100) {
      throw new IllegalArgumentException("--requests-per-minute must be 1..100 (Reddit's limit for a script app), got "
          + requestsPerMinute);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("attempts per request must be at least 1, got " + maxAttempts);
    }
  }

  /** Options whose meters go nowhere (an empty composite registry records nothing). */
  public RedditClientOptions(
      String appId, String version, int requestsPerMinute, int maxAttempts, Duration firstBackoff, Timekeeper time) {
    this(appId, version, requestsPerMinute, maxAttempts, firstBackoff, time, new CompositeMeterRegistry());
  }

  public static RedditClientOptions defaults() {
    return new RedditClientOptions("subsim", "0.1.0", 60, 5, Duration.ofSeconds(2), Timekeeper.system());
  }

  public RedditClientOptions withTime(Timekeeper newTime) {
    return new RedditClientOptions(appId, version, requestsPerMinute, maxAttempts, firstBackoff, newTime, meters);
  }

  public RedditClientOptions withRequestsPerMinute(int perMinute) {
    return new RedditClientOptions(appId, version, perMinute, maxAttempts, firstBackoff, time, meters);
  }

  /** These options, metering into {@code registry} (the service's, shown at {@code /metrics}). */
  public RedditClientOptions withMeters(MeterRegistry registry) {
    return new RedditClientOptions(appId, version, requestsPerMinute, maxAttempts, firstBackoff, time, registry);
  }

  /** Reddit's User-Agent format, e.g. {@code java:subsim:0.1.0 (by /u/subsim_bot)}. */
  public String userAgent(String username) {
    return "java:" + appId + ":" + version + " (by /u/" + username + ")";
  }
}
