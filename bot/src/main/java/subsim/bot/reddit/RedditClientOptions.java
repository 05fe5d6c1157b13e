package subsim.bot.reddit;

import java.time.Duration;

/**
 * How a {@link RedditSession} behaves: identity in the User-Agent, request pacing, and how reads retry.
 *
 * @param appId the app name in the User-Agent ({@code <platform>:<app id>:<version> (by /u/name)})
 * @param version the app version in the User-Agent
 * @param requestsPerMinute client-side cap, below Reddit's 100 per minute
 * @param maxAttempts attempts per request before giving up (reads and unknown-outcome writes)
 * @param firstBackoff the wait after the first 5xx or dropped connection; doubles each time, at most a minute
 * @param time clock and sleep (a fake one in tests)
 */
public record RedditClientOptions(
    String appId, String version, int requestsPerMinute, int maxAttempts, Duration firstBackoff, Timekeeper time) {

  public RedditClientOptions {
    if (requestsPerMinute < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("requestsPerMinute and maxAttempts must be at least 1");
    }
  }

  public static RedditClientOptions defaults() {
    return new RedditClientOptions("subsim", "0.1.0", 60, 5, Duration.ofSeconds(2), Timekeeper.system());
  }

  public RedditClientOptions withTime(Timekeeper newTime) {
    return new RedditClientOptions(appId, version, requestsPerMinute, maxAttempts, firstBackoff, newTime);
  }

  public RedditClientOptions withRequestsPerMinute(int perMinute) {
    return new RedditClientOptions(appId, version, perMinute, maxAttempts, firstBackoff, time);
  }

  /** Reddit's User-Agent format, e.g. {@code java:subsim:0.1.0 (by /u/subsim_bot)}. */
  public String userAgent(String username) {
    return "java:" + appId + ":" + version + " (by /u/" + username + ")";
  }
}
