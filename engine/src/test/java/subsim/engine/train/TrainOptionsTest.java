package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {

  private static final Path DATA = Path.of("data.txt");
  private static final Path OUT = Path.of("out");

  private static TrainOptions with(int steps, double epochs, int batch, double lr, double valFraction, Path val) {
    return new TrainOptions(List.of(DATA), OUT, null, TrainingFixtures.SMALL, steps, epochs, batch, 1, 16, lr, 0,
        TrainOptions.Schedule.CONSTANT, 0, 1, val, valFraction, 10, 0, 0, "", 8, 1, false, 1, false);
  }

  private static String error(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  void rejectsBothOrNeitherOfStepsAndEpochs() {
    assertEquals("give exactly one of --steps (got 10) and --epochs (got 2.0), positive",
        error(() -> with(10, 2, 1, 1e-3, 0, null)));
    assertEquals("give exactly one of --steps (got 0) and --epochs (got 0.0), positive",
        error(() -> with(0, 0, 1, 1e-3, 0, null)));
  }

  @Test
  void rejectsBadNumbersNamingTheOption() {
    assertEquals("--batch must be positive, got 0", error(() -> with(10, 0, 0, 1e-3, 0, null)));
    assertEquals("--lr must be positive, got -1.0", error(() -> with(10, 0, 1, -1, 0, null)));
    assertEquals("--val-fraction must be in [0, 1), got 1.5", error(() -> with(10, 0, 1, 1e-3, 1.5, null)));
    assertEquals("--warmup 11 is more than --steps 10: the learning rate would never reach --lr",
        error(() -> new TrainOptions(List.of(DATA), OUT, null, TrainingFixtures.SMALL, 10, 0, 1, 1, 16, 1e-3, 11,
            TrainOptions.Schedule.CONSTANT, 0, 1, null, 0, 10, 0, 0, "", 8, 1, false, 1, false)));
  }

  @Test
  void rejectsTwoValidationSources() {
    assertEquals("give at most one of --val and --val-fraction",
        error(() -> with(10, 0, 1, 1e-3, 0.1, Path.of("val.txt"))));
  }

  @Test
  void needsABaseOrASizeUnlessResuming() {
    assertEquals("give exactly one of --base and --size", error(() -> new TrainOptions(List.of(DATA), OUT, null, null,
        10, 0, 1, 1, 16, 1e-3, 0, TrainOptions.Schedule.CONSTANT, 0, 1, null, 0, 0, 0, 0, "", 8, 1, false, 1, false)));
    new TrainOptions(List.of(DATA), OUT, null, null, 10, 0, 1, 1, 16, 1e-3, 0, TrainOptions.Schedule.CONSTANT, 0, 1,
        null, 0, 0, 0, 0, "", 8, 1, false, 1, true);
  }

  @Test
  void parsesSchedules() {
    assertEquals(TrainOptions.Schedule.COSINE, TrainOptions.Schedule.parse("Cosine"));
    assertEquals("--schedule must be constant or cosine, got 'linear'",
        error(() -> TrainOptions.Schedule.parse("linear")));
  }
}
