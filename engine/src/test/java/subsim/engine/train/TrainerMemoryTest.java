package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerMemoryTest {

  /** A step's arrays take several MB (the logits alone 16 x 50257 floats), so leaking them for 400 steps would not fit. */
  private static final long MARGIN_KB = 64 * 1024;

  @TempDir Path dir;

  @Test
  void fiveHundredStepsDoNotGrowTheProcess() {
    Path data = TrainingFixtures.jokes(dir);
    // Validation, samples and checkpoints every 100 steps, so their memory is measured too.
    TrainOptions options = new TrainOptions(List.of(data), dir.resolve("out"), null, TrainingFixtures.SMALL, 500, 0,
        1, 1, 16, 1e-3, 10, TrainOptions.Schedule.COSINE, 0.01, 1.0, null, 0.02, 100, 100, 100, "Why", 8, 1, false,
        5, false);
    long[] rss = new long[2];
    TrainingResult result = new Trainer(options, progress -> {
      if (progress.step() == 100) {
        rss[0] = residentKb();
      } else if (progress.step() == 500) {
        rss[1] = residentKb();
      }
    }).run();
    assertEquals(500, result.step());
    assertTrue(rss[0] > 0);
    assertTrue(rss[1] - rss[0] < MARGIN_KB,
        "resident set grew from " + rss[0] + " kB at step 100 to " + rss[1] + " kB at step 500");
  }

  /** The resident set after a full collection, so the Java heap's young generation filling up is not counted. */
  private static long residentKb() {
    System.gc();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
