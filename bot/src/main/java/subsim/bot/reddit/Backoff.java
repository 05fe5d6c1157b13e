package subsim.bot.reddit;

import java.time.Duration;

/** Waits that double after each failed try, from {@code first} up to {@code longest}. */
public record Backoff(Duration first, Duration longest) {

  public Backoff {
    if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
      throw new IllegalArgumentException("a backoff needs 0 < first <= longest, got " + first + " and " + longest);
    }
  }

  /** The wait after failed try number {@code attempt} (from 1). */
  public Duration after(int attempt) {
    Duration wait = first.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
    return wait.compareTo(longest) > 0 ? longest : wait;
  }
}
