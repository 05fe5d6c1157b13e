package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxTest {

  @Test
  void passingFailuresWaitLongerEachTimeAndGiveUpAfterADay() {
    assertEquals(Optional.of(Duration.ofMinutes(1)), Outbox.waitBeforeRetry(1, true, null));
    assertEquals(Optional.of(Duration.ofMinutes(2)), Outbox.waitBeforeRetry(2, true, null));
    assertEquals(Optional.of(Duration.ofMinutes(32)), Outbox.waitBeforeRetry(6, true, null));
    assertEquals(Optional.of(Duration.ofHours(1)), Outbox.waitBeforeRetry(7, true, null));
    assertEquals(Optional.of(Duration.ofHours(1)), Outbox.waitBeforeRetry(Outbox.MOST_ATTEMPTS - 1, true, null));
    assertEquals(Optional.empty(), Outbox.waitBeforeRetry(Outbox.MOST_ATTEMPTS, true, null));
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt < Outbox.MOST_ATTEMPTS; attempt++) {
      total = total.plus(Outbox.waitBeforeRetry(attempt, true, null).orElseThrow());
    }
    assertEquals(Duration.ofHours(24).plusMinutes(3), total, "the waits of an item that never gets through");
  }

  @Test
  void aRateLimitWaitsAsRedditSaysAndALastingRefusalIsNotRetried() {
    assertEquals(Optional.of(Duration.ofMinutes(9)), Outbox.waitBeforeRetry(3, true, Duration.ofMinutes(9)));
    assertEquals(Optional.of(Duration.ofMinutes(9)),
        Outbox.waitBeforeRetry(Outbox.MOST_ATTEMPTS + 5, true, Duration.ofMinutes(9)), "rate limits use no tries");
    assertEquals(Optional.empty(), Outbox.waitBeforeRetry(1, false, null));
  }
}
