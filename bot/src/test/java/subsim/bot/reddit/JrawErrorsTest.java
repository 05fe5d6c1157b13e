package subsim.bot.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.dean.jraw.JrawUtils;
import net.dean.jraw.databind.Enveloped;
import net.dean.jraw.models.Listing;
import net.dean.jraw.models.Submission;
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

  @Test
  void anAnswerWithoutAFieldJrawRequiresIsUnreadableNotANullPointer() throws IOException {
    String recorded = fixture("api_listing_AskReddit_2016_first.json");
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> listingAdapter().fromJson(recorded));
    RedditException.UnreadableAnswer e =
        assertInstanceOf(RedditException.UnreadableAnswer.class, JrawErrors.translate(thrown));
    assertEquals("Reddit's answer has no 'gildings', which JRAW's Submission requires", e.getMessage());
    assertFalse(e.transientFailure(), "the same answer comes back when asked again");
  }

  @Test
  void anAnswerWithAFieldOfAnotherTypeIsUnreadableAndSaysWhere() throws IOException {
    String scoreAWord = fixture("api_listing_AskReddit_2016_first.json").replace("\"score\": 1382", "\"score\": \"many\"");
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> listingAdapter().fromJson(scoreAWord));
    RedditException.UnreadableAnswer e =
        assertInstanceOf(RedditException.UnreadableAnswer.class, JrawErrors.translate(thrown));
    assertEquals("Reddit's answer does not fit JRAW's models: Expected an int but was many at path "
        + "$.data.children[0].data.score", e.getMessage());
  }

  @Test
  void aNullPointerFromOutsideJrawsModelsIsABugAndStaysOne() {
    NullPointerException ours = new NullPointerException("Null title");
    assertEquals(ours, assertThrows(NullPointerException.class, () -> JrawErrors.translate(ours)));
  }

  private static JsonAdapter<Listing<Submission>> listingAdapter() {
    return JrawUtils.moshi.adapter(Types.newParameterizedType(Listing.class, Submission.class),
        Enveloped.class);
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = JrawErrorsTest.class.getResourceAsStream("/fixtures/reddit/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
