package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchGenerateCommandTest {

  @Test
  void printsTokensPerSecondForANamedSize() throws Exception {
    CliRun run = CliRun.of("bench", "generate", "--size", "tiny", "--batch", "2", "--prompt-tokens", "4",
        "--new-tokens", "8", "--runs", "2", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode figures = new ObjectMapper().readTree(run.out());
    assertEquals(2, figures.get("batch").asInt());
    assertEquals(2, figures.get("runs").size());
    assertTrue(figures.get("tokensPerSecond").asDouble() > 0, run.out());
    // The figures say which native settings they were measured with (the engine's LibtorchTuningTest checks them).
    assertTrue(figures.get("tuning").asText().startsWith("libtorch tuning: MKL picks kernels by instruction set"),
        run.out());
  }

  @Test
  void unknownSizeIsOneLineError() {
    CliRun run = CliRun.of("bench", "generate", "--size", "7B");
    assertEquals(2, run.exit());
    assertEquals("subsim: unknown model size '7B' (expected tiny, 124M, 355M, 774M or 1558M)", run.err().strip());
    CliRun negativeWarmup = CliRun.of("bench", "generate", "--size", "tiny", "--warmup", "-1");
    assertEquals(2, negativeWarmup.exit());
    assertEquals("subsim: --warmup must be 0 or more, got -1", negativeWarmup.err().strip());
    CliRun longPrompt = CliRun.of("bench", "generate", "--size", "tiny", "--prompt-tokens", "129", "--runs", "1");
    assertEquals(2, longPrompt.exit());
    assertEquals("subsim: --prompt-tokens 129: the model's context holds 128", longPrompt.err().strip());
  }

  @Test
  void benchAloneAsksForASubcommand() {
    CliRun run = CliRun.of("bench");
    assertTrue(run.exit() != 0);
    assertTrue(run.err().contains("bench needs a subcommand: generate"), run.err());
  }
}
