package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenizeCommandTest {

  @Test
  void printsGpt2Ids() {
    CliRun run = CliRun.of("tokenize", "Hello world");
    assertEquals(0, run.exit(), run.err());
    assertEquals("15496,995", run.out().strip());
    assertEquals("15496,995", CliRun.of("tokenize", "Hello", "world").out().strip(), "words given apart");
  }

  @Test
  void printsJson() {
    assertEquals("{\"ids\":[15496,995,50256]}", CliRun.of("tokenize", "Hello world<|endoftext|>", "--json").out().strip());
  }
}
