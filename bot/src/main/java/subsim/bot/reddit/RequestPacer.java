package subsim.bot.reddit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import net.dean.jraw.ratelimit.RateLimiter;

/** At most N requests in any sliding minute (Reddit allows 100 per minute per OAuth client); JRAW asks before each. */
final class RequestPacer implements RateLimiter {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Timekeeper time;
  private final RedditMeters meters;
  private final Deque<Instant> sent = new ArrayDeque<>();

  RequestPacer(int perMinute, Timekeeper time, RedditMeters meters) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("requests per minute must be at least 1, got " + perMinute);
    }
    this.perMinute = perMinute;
    this.time = time;
    this.meters = meters;
  }

  @Override
  public synchronized void acquire(long permits) {
    for (long i = 0; i < permits; i++) {
      while (!tryTake()) {
        Duration wait = Duration.between(time.now(), sent.peekFirst().plus(WINDOW));
        meters.waited("pacing", wait);
        time.sleep(wait);
      }
    }
  }

  @Override
  public synchronized boolean tryAcquire(long permits) {
    prune();
    if (sent.size() + permits > perMinute) {
      return false;
    }
    for (long i = 0; i < permits; i++) {
      sent.addLast(time.now());
    }
    return true;
  }

  @Override
  public void refill(long permits) {
    // The window refills itself as old requests age out.
  }

  private boolean tryTake() {
    return tryAcquire(1);
  }

  private void prune() {
    Instant cutoff = time.now().minus(WINDOW);
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(cutoff)) {
      sent.removeFirst();
    }
  }
}
