package subsim.bot.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import subsim.bot.config.BotConfig.FilterConfig;
import subsim.bot.content.Rejection.Reason;

class ContentFilterTest {

  private static final List<String> TRAINING = List.of(
      "A man walks into a bar with a giraffe and orders two beers for the both of them",
      "My wife told me to stop impersonating a flamingo. I had to put my foot down.");

  private final ContentFilter filter =
      new ContentFilter(new FilterConfig(List.of("darn"), 0.7, 15, 5), TRAINING, List.of("An earlier title"));

  private static Reason reason(Optional<Rejection> rejection) {
    return rejection.orElseThrow(() -> new AssertionError("expected a rejection")).reason();
  }

  @Test
  void passesAnOriginalPost() {
    assertEquals(Optional.empty(), filter.checkPost("Why do penguins never get lost at sea", "They follow the herring."));
  }

  @Test
  void rejectsEmptyAndOverLongTitles() {
    assertEquals(Reason.EMPTY_TITLE, reason(filter.checkPost("  ", "body")));
    assertEquals(Reason.TITLE_TOO_LONG, reason(filter.checkPost("x".repeat(301), "")));
    assertEquals(Optional.empty(), filter.checkPost("y".repeat(300), ""));
  }

  @Test
  void rejectsBrokenCharactersPiecesOfTheFormatAndTextWithoutWords() {
    assertEquals(Reason.MALFORMED, reason(filter.checkPost("Why did the chicken cross", "to the\uFFFD wife replies")));
    assertEquals(Reason.MALFORMED, reason(filter.checkComment("like a type|startoftext|startoftext|>You in 2019")));
    assertEquals(Reason.MALFORMED, reason(filter.checkComment("My's the|>")));
    assertEquals(Reason.MALFORMED, reason(filter.checkPost("A title <|endoftext|>", "")));
    assertEquals(Reason.EMPTY_BODY, reason(filter.checkComment(".")));
    assertEquals(Reason.EMPTY_TITLE, reason(filter.checkPost("?!", "a body")));
    assertEquals(Optional.empty(), filter.checkComment("42"));
    assertEquals(Optional.empty(), filter.checkComment("Pipes | and < angles > are fine"));
  }

  @Test
  void rejectsBannedWordsAsWholeWordsIgnoringCase() {
    assertEquals(Reason.BANNED_WORD, reason(filter.checkPost("Well DARN it all", "")));
    assertEquals(Reason.BANNED_WORD, reason(filter.checkComment("oh darn.")));
    assertEquals(Optional.empty(), filter.checkComment("darning socks is a skill"));
  }

  @Test
  void rejectsBannedWordsThatStartOrEndWithPunctuation() {
    ContentFilter strict = new ContentFilter(new FilterConfig(List.of("c++", "@spez"), 0.7, 15, 5), TRAINING, List.of());
    assertEquals(Reason.BANNED_WORD, reason(strict.checkComment("I only write C++ at work")));
    assertEquals(Reason.BANNED_WORD, reason(strict.checkComment("ask @spez")));
    assertEquals(Optional.empty(), strict.checkComment("ask x@spezy or write c++x"));
  }

  @Test
  void rejectsNearCopiesOfTrainingText() {
    Rejection copy = filter.checkPost("Guess what: a man walks into a bar with a giraffe", "").orElseThrow();
    assertEquals(Reason.NEAR_COPY, copy.reason());
    assertTrue(copy.detail().contains("walks into a bar"), copy.detail());
    assertEquals(Reason.NEAR_COPY, reason(filter.checkComment("I had to put my foot down!")));
    // four shared words are under the five-word floor
    assertEquals(Optional.empty(), filter.checkComment("a man walks into a library and asks for books about paranoia"));
  }

  @Test
  void rejectsADuplicateOfAnEarlierTitle() {
    assertEquals(Reason.DUPLICATE, reason(filter.checkPost("an earlier TITLE!", "")));
    assertEquals(Optional.empty(), filter.checkPost("A new title about owls", ""));
    assertEquals(Reason.DUPLICATE, reason(filter.checkPost("A new title about owls", "other body")));
  }

  @Test
  void rejectsAnEmptyComment() {
    assertEquals(Reason.EMPTY_BODY, reason(filter.checkComment("\n ")));
  }
}
