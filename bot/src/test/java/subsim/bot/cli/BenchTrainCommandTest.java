package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTrainCommandTest {

  @Test
  void printsTokensPerSecondAfterTheWarmUpSteps() throws Exception {
    JsonNode figures = run("3", "0");
    assertEquals(3, figures.get("warmupSteps").asInt());
    assertEquals(2, figures.get("stepSeconds").size());
    double median = figures.get("medianStepSeconds").asDouble();
    double tokensPerSecond = figures.get("tokensPerSecond").asDouble();
    assertEquals(2 * 16 / median, tokensPerSecond, 1e-6 * tokensPerSecond);
    assertTrue(figures.get("tuning").asText().startsWith("libtorch tuning: "), figures.toString());
  }

  @Test
  void warmsUpForTheGivenSecondsWhateverTheStepCount() throws Exception {
    JsonNode figures = run("0", "0.5");
    assertTrue(figures.get("warmupSteps").asInt() >= 1, figures.toString());
  }

  private static JsonNode run(String warmupSteps, String warmupSeconds) throws Exception {
    CliRun run = CliRun.of("bench", "train", "--size", "tiny", "--batch", "2", "--seq", "16", "--steps", "2", "--json",
        "--warmup", warmupSteps, "--warmup-seconds", warmupSeconds);
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(run.out());
  }
}
