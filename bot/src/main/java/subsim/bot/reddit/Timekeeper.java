package subsim.bot.reddit;

import java.time.Duration;
import java.time.Instant;

/** The clock and the sleep that rate limiting uses; tests pass a fake one so that waits of minutes take no time. */
public interface Timekeeper {

  Instant now();

  /** Sleeps for {@code duration}; an interrupt restores the flag and ends the wait with an unchecked exception. */
  void sleep(Duration duration);

  /** The wall clock and {@link Thread#sleep}. */
  static Timekeeper system() {
    return new Timekeeper() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
          return;
        }
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Reddit's rate limit", e);
        }
      }
    };
  }
}
