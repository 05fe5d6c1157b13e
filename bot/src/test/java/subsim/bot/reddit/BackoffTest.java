package subsim.bot.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheFirstWaitUpToTheLongest() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));
    assertEquals(Duration.ofSeconds(2), backoff.after(1));
    assertEquals(Duration.ofSeconds(4), backoff.after(2));
    assertEquals(Duration.ofSeconds(32), backoff.after(5));
    assertEquals(Duration.ofMinutes(1), backoff.after(6));
    assertEquals(Duration.ofMinutes(1), backoff.after(Integer.MAX_VALUE), "no overflow after many tries");
  }

  @Test
  void refusesAWaitThatCannotDouble() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)));
  }
}
