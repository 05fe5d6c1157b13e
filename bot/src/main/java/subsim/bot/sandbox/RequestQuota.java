package subsim.bot.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import subsim.bot.reddit.Timekeeper;

/**
 * Reddit's per-client request quota: {@code limit} requests per fixed window, reported in {@code X-Ratelimit-*}
 * headers; a request over the quota gets 429.
 */
final class RequestQuota {

  /** The quota state after counting one request. */
  record Usage(long used, long remaining, long resetSeconds) {}

  private final Timekeeper time;
  private volatile int limit;
  private volatile long windowSeconds;
  private final Map<String, long[]> windows = new HashMap<>();  // client -> {window start, used}

  RequestQuota(Timekeeper time, int limit, long windowSeconds) {
    this.time = time;
    this.limit = limit;
    this.windowSeconds = windowSeconds;
  }

  synchronized void set(int newLimit, long newWindowSeconds) {
    this.limit = newLimit;
    this.windowSeconds = newWindowSeconds;
    windows.clear();
  }

  /** Counts a request of {@code client}; {@code used > limit} means it must be refused. */
  synchronized Usage count(String client) {
    long now = time.now().getEpochSecond();
    long[] w = windows.computeIfAbsent(client, c -> new long[] {now, 0});
    if (now >= w[0] + windowSeconds) {
      w[0] = now - (now - w[0]) % windowSeconds;
      w[1] = 0;
    }
    w[1]++;
    long reset = w[0] + windowSeconds - now;
    return new Usage(w[1], Math.max(0, limit - w[1]), reset);
  }

  boolean exceeded(Usage usage) {
    return usage.used() > limit;
  }

  Instant now() {
    return time.now();
  }
}
