package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2ConfigTest {

  @Test
  void readsHuggingFaceConfig() {
    Gpt2Config config = Gpt2Config.read(Fixtures.gpt2Tiny().resolve("config.json"));
    assertEquals(new Gpt2Config(2, 4, 64, 128, 1000, 1e-5), config);
  }

  @Test
  void namesOpenAiSizes() {
    assertEquals(new Gpt2Config(12, 12, 768, 1024, 50257, 1e-5), Gpt2Config.named("124M"));
    assertEquals(48, Gpt2Config.named("1558M").nLayer());
    assertEquals(25, Gpt2Config.named("1558m").nHead());
    assertEquals(2, Gpt2Config.named("tiny").nLayer());
    assertThrows(IllegalArgumentException.class, () -> Gpt2Config.named("7B"));
  }

  @Test
  void knowsItsNamedSizesInAnyCaseAndNothingElse() {
    for (String size : Gpt2Config.NAMED_SIZES) {
      assertTrue(Gpt2Config.isNamed(size.toLowerCase()) && Gpt2Config.isNamed(size.toUpperCase()), size);
      assertEquals(Gpt2Config.named(size), Gpt2Config.named(size.toLowerCase()));
    }
    assertFalse(Gpt2Config.isNamed("./tiny"));
    assertFalse(Gpt2Config.isNamed("125M"));
  }

  @Test
  void rejectsHeadsThatDoNotDivideWidth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Gpt2Config(2, 3, 64, 128, 1000, 1e-5));
    assertEquals("n_head 3 does not divide n_embd 64", e.getMessage());
  }

  @Test
  void rejectsNonPositiveSizesNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Gpt2Config(0, 2, 64, 128, 1000, 1e-5));
    assertEquals("n_layer must be positive, got 0", e.getMessage());
    assertEquals("n_positions must be at least 2, got 1", assertThrows(IllegalArgumentException.class,
        () -> new Gpt2Config(2, 2, 64, 1, 1000, 1e-5)).getMessage());
  }

  @Test
  void errorsNameTheFileAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"n_layer\": 2, \"n_head\": \"four\", \"n_embd\": 64, \"n_positions\": 8, \"vocab_size\": 5}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gpt2Config.read(file));
    assertTrue(e.getMessage().startsWith(file + ": field n_head must be an integer"), e.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> Gpt2Config.read(dir.resolve("nope.json")));
    assertEquals("model config not found: " + dir.resolve("nope.json"), missing.getMessage());
  }

  @Test
  void refusesAnActivationItDoesNotCompute(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"n_layer\": 2, \"n_head\": 2, \"n_embd\": 64, \"n_positions\": 8, \"vocab_size\": 5,"
        + " \"activation_function\": \"relu\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gpt2Config.read(file));
    assertEquals(file + ": activation_function \"relu\" is not GPT-2's gelu_new, the only one this engine computes",
        e.getMessage());
  }

  @Test
  void writesWhatItReads(@TempDir Path dir) {
    Gpt2Config config = new Gpt2Config(3, 2, 32, 64, 500, 1e-6);
    config.write(dir.resolve("config.json"));
    assertEquals(config, Gpt2Config.read(dir.resolve("config.json")));
  }
}
