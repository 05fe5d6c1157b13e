package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTrainCommandTest {

  @Test
  void printsTokensPerSecondAfterTheWarmUpSteps() throws Exception {
    JsonNode figures = run("--warmup", "3", "--warmup-seconds", "0");
    assertEquals(3, figures.get("warmupSteps").asInt());
    assertEquals(2, figures.get("stepSeconds").size());
    double median = figures.get("medianStepSeconds").asDouble();
    assertEquals(2 * 16 / median, figures.get("tokensPerSecond").asDouble(), 1e-6 * figures.get("tokensPerSecond").asDouble());
    assertTrue(figures.get("tuning").asText().startsWith("libtorch tuning: "), figures.toString());
  }

  @Test
  void warmsUpForTheGivenSecondsWhateverTheStepCount() throws Exception {
    JsonNode figures = run("--warmup", "0", "--warmup-seconds", "0.5");
    assertTrue(figures.get("warmupSteps").asInt() >= 1, figures.toString());
  }

  private static JsonNode run(String... warmup) throws Exception {
    String[] args = {"bench", "train", "--size", "tiny", "--batch", "2", "--seq", "16", "--steps", "2", "--json"};
    String[] all = new String[args.length + warmup.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(warmup, 0, all, args.length, warmup.length);
    CliRun run = CliRun.of(all);
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(run.out());
  }
}
