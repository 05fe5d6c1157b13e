package subsim.bot.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JrawErrorsTest {

  @Test
  void readsTheWaitOfRedditsCurrentRatelimitText() {
    assertEquals(Duration.ofMinutes(14), JrawErrors.waitFromText(
        "Looks like you've been doing that a lot. Take a break for 14 minutes before trying again."));
    assertEquals(Duration.ofSeconds(4), JrawErrors.waitFromText(
        "Looks like you've been doing that a lot. Take a break for 4 seconds before trying again."));
    assertEquals(Duration.ofMinutes(1), JrawErrors.waitFromText(
        "Looks like you've been doing that a lot. Take a break for 1 minute before trying again."));
    assertEquals(Duration.ofMillis(500), JrawErrors.waitFromText(
        "Looks like you've been doing that a lot. Take a break for 500 milliseconds before trying again."));
  }

  @Test
  void readsTheWaitOfTheOlderRatelimitText() {
    assertEquals(Duration.ofMinutes(6), JrawErrors.waitFromText("you are doing that too much. try again in 6 minutes."));
    assertEquals(Duration.ofSeconds(30), JrawErrors.waitFromText("you are doing that too much. try again in 30 seconds."));
  }

  @Test
  void waitsAMinuteWhenTheTextNamesNoWait() {
    assertEquals(JrawErrors.DEFAULT_RETRY_AFTER, JrawErrors.waitFromText("you are doing that too much."));
    assertEquals(JrawErrors.DEFAULT_RETRY_AFTER, JrawErrors.waitFromText(null));
  }

  @Test
  void aForbiddenSubredditIsNotCalledACredentialsFailure() {
    RedditException forbidden = JrawErrors.fromStatus(403, null, null);
    RedditException.ApiError error = assertInstanceOf(RedditException.ApiError.class, forbidden);
    assertEquals("FORBIDDEN", error.code());
    assertInstanceOf(RedditException.AuthenticationFailed.class, JrawErrors.fromStatus(401, null, null));
  }
}
