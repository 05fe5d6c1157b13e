package subsim.bot.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticLabelTest {

  private final SyntheticLabel label = new SyntheticLabel("*Written by a bot ({model}) trained on r/{subreddit}.*");

  @Test
  void appendsAFooterNamingTheModelAndSubreddit() {
    String body = label.apply("Hello there.\n", "jokes-tiny-150", "Jokes");
    assertEquals("Hello there.\n\n---\n\n*Written by a bot (jokes-tiny-150) trained on r/Jokes.*", body);
    assertTrue(label.isOn(body, "jokes-tiny-150", "Jokes"));
    assertFalse(label.isOn("Hello there.", "jokes-tiny-150", "Jokes"));
  }

  @Test
  void labelsAnEmptySelfPostToo() {
    assertEquals("*Written by a bot (m) trained on r/Jokes.*", label.apply("", "m", "Jokes"));
  }

  @Test
  void cannotBeEmpty() {
    assertThrows(IllegalArgumentException.class, () -> new SyntheticLabel(" "));
  }
}
