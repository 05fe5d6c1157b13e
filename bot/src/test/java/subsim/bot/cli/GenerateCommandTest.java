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

class GenerateCommandTest {

  @TempDir static Path dir;
  private static String model;

  @BeforeAll
  static void saveTinyModel() {
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(2, 2, 32, 64, 50257, 1e-5), 3)) {
      random.save(dir.resolve("model"));
    }
    model = dir.resolve("model").toString();
  }

  @Test
  void printsSamplesAsJson() throws Exception {
    CliRun run = CliRun.of("generate", "--model", model, "--prompt", "Hello world", "--max-new-tokens", "6",
        "--seed", "4", "-n", "3", "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode samples = new ObjectMapper().readTree(run.out()).get("samples");
    assertEquals(3, samples.size());
    for (JsonNode sample : samples) {
      assertTrue(sample.get("text").asText().startsWith("Hello world"), sample.toString());
      assertTrue(sample.get("ids").size() <= 6 && sample.get("ids").size() > 0, sample.toString());
    }
  }

  @Test
  void aRequestTooBigForTheHeapIsOneLineNotATrace() {
    CliRun run = CliRun.of("generate", "--model", model, "--prompt-ids", "1", "--max-new-tokens", "2",
        "-n", "2000000000");
    assertEquals(2, run.exit());
    assertTrue(run.err().startsWith("subsim: out of memory"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void greedyWithPromptIdsIsDeterministic() {
    String[] args = {"generate", "--model", model, "--prompt-ids", "15496,995", "--max-new-tokens", "5", "--greedy",
        "--json"};
    CliRun first = CliRun.of(args);
    assertEquals(0, first.exit(), first.err());
    assertEquals(first.out(), CliRun.of(args).out());
  }

  @Test
  void plainOutputIsTheText() {
    CliRun run = CliRun.of("generate", "--model", model, "--prompt", "Hi", "--max-new-tokens", "3", "--greedy");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("Hi"), run.out());
  }

  @Test
  void missingModelIsOneLineError() {
    CliRun run = CliRun.of("generate", "--model", dir.resolve("absent").toString(), "--prompt", "x");
    assertEquals(2, run.exit());
    assertEquals("subsim: model folder not found: " + dir.resolve("absent"), run.err().strip());
  }

  @Test
  void aTrainOutFolderMeansItsNewestCheckpointNamedOnStderr() throws Exception {
    Path out = dir.resolve("train-out");
    // An older checkpoint that cannot load: the newest must be the one used.
    Files.writeString(Files.createDirectories(out.resolve("step-0000001")).resolve("training-state.json"), "{}");
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(2, 2, 32, 64, 50257, 1e-5), 5)) {
      random.save(out.resolve("step-0000002"));
    }
    Files.writeString(out.resolve("step-0000002/training-state.json"), "{}");
    CliRun run = CliRun.of("generate", "--model", out.toString(), "--prompt-ids", "1", "--max-new-tokens", "2",
        "--greedy", "--json");
    assertEquals(0, run.exit(), run.err());
    assertEquals("using " + out.resolve("step-0000002"), run.err().strip());
    assertEquals(2, new ObjectMapper().readTree(run.out()).get("samples").get(0).get("ids").size());
  }

  @Test
  void aFileAsModelIsNotAFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("model.txt"), "not a model");
    CliRun run = CliRun.of("generate", "--model", file.toString(), "--prompt", "x");
    assertEquals(2, run.exit());
    assertEquals("subsim: " + file + ": not a folder (a model folder holds config.json and model.safetensors)",
        run.err().strip());
  }

  @Test
  void conflictingOptionsAreOneLineErrors() {
    CliRun both = CliRun.of("generate", "--model", model, "--prompt", "x", "--prompt-ids", "1,2");
    assertEquals(2, both.exit());
    assertEquals("subsim: give --prompt or --prompt-ids, not both", both.err().strip());
    CliRun greedy = CliRun.of("generate", "--model", model, "--greedy", "--temperature", "0.5");
    assertEquals(2, greedy.exit());
    assertEquals(1, greedy.err().strip().lines().count(), greedy.err());
    CliRun badTopP = CliRun.of("generate", "--model", model, "--top-p", "2");
    assertEquals("subsim: top-p must be in (0, 1], got 2.0", badTopP.err().strip());
  }
}
