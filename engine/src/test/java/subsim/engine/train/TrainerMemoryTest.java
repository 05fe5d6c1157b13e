package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
    // The resident set swings by up to 100 MB from one reading to the next (glibc returns and takes back freed
    // blocks), so the lowest of several readings early is compared with the lowest of several late: a leak raises
    // every reading.
    List<Long> early = new ArrayList<>();
    List<Long> late = new ArrayList<>();
    TrainingResult result = new Trainer(options, progress -> {
      if (progress.step() % 25 == 0 && progress.step() >= 100 && progress.step() <= 200) {
        early.add(residentKb());
      } else if (progress.step() % 25 == 0 && progress.step() >= 400) {
        late.add(residentKb());
      }
    }).run();
    assertEquals(500, result.step());
    long before = Collections.min(early);
    long after = Collections.min(late);
    assertTrue(before > 0);
    assertTrue(after - before < MARGIN_KB, "resident set grew from at least " + before + " kB (steps 100-200) to at"
        + " least " + after + " kB (steps 400-500); readings " + early + " then " + late);
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
