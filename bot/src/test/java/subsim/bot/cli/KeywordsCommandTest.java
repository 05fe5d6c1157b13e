package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeywordsCommandTest {

  @Test
  void printsTheKeywordsSpaceSeparated() {
    CliRun run = CliRun.of("keywords", "Barack Obama met Angela Merkel in Berlin");
    assertEquals(0, run.exit(), run.err());
    assertEquals("Barack-Obama meet Angela-Merkel Berlin", run.out().strip());
  }

  @Test
  void joinsSeveralWordsIntoOneText() {
    assertEquals("bus-stop empty", CliRun.of("keywords", "The", "bus", "stop", "was", "empty.").out().strip());
  }
}
