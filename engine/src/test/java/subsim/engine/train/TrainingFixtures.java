package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import subsim.engine.Gpt2Config;

/** Small models, data and options for the trainer's tests. */
final class TrainingFixtures {

  /** 2 layers, 64 wide, 64 positions: GPT-2's vocabulary, a fraction of tiny's cost. */
  static final Gpt2Config SMALL = new Gpt2Config(2, 2, 64, 64, 50257, 1e-5);

  private TrainingFixtures() {}

  /** Copies the 800 r/Jokes titles into {@code dir}, so the token cache lands there, not in the classpath. */
  static Path jokes(Path dir) {
    Path copy = dir.resolve("jokes-titles.txt");
    try (InputStream in = TrainingFixtures.class.getResourceAsStream("/fixtures/jokes-titles.txt")) {
      Files.copy(in, copy);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options for a quick run from scratch: constant rate, no validation, samples or interim checkpoints. */
  static TrainOptions options(Path data, Path out, Gpt2Config config, int steps, int batch, int blockSize) {
    return new TrainOptions(List.of(data), out, null, config, steps, 0, batch, 1, blockSize, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, false);
  }

  /**
   * Asserts that {@code actual} is within {@code relative} times the largest magnitude of {@code expected},
   * element by element, and that {@code expected} is not all zero (which would make the comparison vacuous).
   */
  static void assertClose(float[] expected, float[] actual, double relative, String what) {
    double largest = 0;
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs(expected[i]));
      error = Math.max(error, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(largest > 0, what + " is all zero, so the comparison would prove nothing");
    assertTrue(error <= relative * largest,
        what + ": largest difference " + error + " against values up to " + largest);
  }

  /** The same options with a different step budget, schedule and the knobs the resume test turns on. */
  static TrainOptions busy(Path data, Path out, boolean resume) {
    return new TrainOptions(List.of(data), out, null, SMALL, 20, 0, 2, 2, 16, 3e-3, 4,
        TrainOptions.Schedule.COSINE, 0.1, 0.5, null, 0.1, 10, 4, 0, "", 8, 3, false, 11, resume);
  }
}
