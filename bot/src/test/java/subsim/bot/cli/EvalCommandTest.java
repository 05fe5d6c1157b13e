package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;
import subsim.engine.Tokenizer;

class EvalCommandTest {

  @TempDir static Path dir;
  private static String model;

  @BeforeAll
  static void saveTinyModel() {
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(1, 2, 32, 64, 50257, 1e-5), 3)) {
      random.save(dir.resolve("model"));
    }
    model = dir.resolve("model").toString();
  }

  @Test
  void textFileAndItsIdsScoreTheSame() throws Exception {
    String text = "The quick brown fox jumps over the lazy dog.";
    Path file = Files.writeString(dir.resolve("text.txt"), text);
    CliRun byText = CliRun.of("eval", "--model", model, "--text", file.toString(), "--json");
    assertEquals(0, byText.exit(), byText.err());
    JsonNode result = new ObjectMapper().readTree(byText.out());
    assertEquals(9, result.get("tokens").asInt());
    // A random model is near-uniform over 50,257 ids: NLL close to ln(50257) = 10.82.
    assertEquals(Math.log(50257), result.get("nll").asDouble(), 0.2);
    assertEquals(Math.exp(result.get("nll").asDouble()), result.get("perplexity").asDouble(), 1e-6 * result.get("perplexity").asDouble());
    String ids = String.join(",", java.util.Arrays.stream(Tokenizer.gpt2().encode(text)).mapToObj(Integer::toString).toList());
    CliRun byIds = CliRun.of("eval", "--model", model, "--ids", ids, "--json");
    assertEquals(byText.out(), byIds.out());
  }

  @Test
  void plainOutputNamesTheFigures() {
    CliRun run = CliRun.of("eval", "--model", model, "--ids", "1,2,3");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("tokens 2  nll "), run.out());
  }

  @Test
  void missingTextFileIsOneLineError() {
    CliRun run = CliRun.of("eval", "--model", model, "--text", dir.resolve("nope.txt").toString());
    assertEquals(2, run.exit());
    assertEquals("subsim: text file not found: " + dir.resolve("nope.txt"), run.err().strip());
  }

  @Test
  void aTrainOutFolderMeansItsNewestCheckpointNamedOnStderr() throws Exception {
    Path out = dir.resolve("train-out");
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(1, 2, 32, 64, 50257, 1e-5), 3)) {
      random.save(out.resolve("step-0000007"));
    }
    Files.writeString(out.resolve("step-0000007/training-state.json"), "{}");
    CliRun fromOut = CliRun.of("eval", "--model", out.toString(), "--ids", "1,2,3", "--json");
    assertEquals(0, fromOut.exit(), fromOut.err());
    assertEquals("using " + out.resolve("step-0000007"), fromOut.err().strip());
    assertEquals(CliRun.of("eval", "--model", model, "--ids", "1,2,3", "--json").out(), fromOut.out());
  }

  @Test
  void aTextFileTooShortToScoreIsNamed() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    CliRun run = CliRun.of("eval", "--model", model, "--text", empty.toString());
    assertEquals(2, run.exit());
    assertEquals("subsim: " + empty + ": perplexity needs at least 2 tokens, the file has 0", run.err().strip());
  }

  @Test
  void needsExactlyOneInput() {
    CliRun run = CliRun.of("eval", "--model", model);
    assertEquals(2, run.exit());
    assertEquals("subsim: give exactly one of --text FILE or --ids 1,2,3", run.err().strip());
  }
}
