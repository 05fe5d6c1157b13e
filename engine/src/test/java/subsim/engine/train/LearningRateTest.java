package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateTest {

  private static Trainer trainer(int warmup, TrainOptions.Schedule schedule) {
    return new Trainer(new TrainOptions(List.of(Path.of("d")), Path.of("o"), null, TrainingFixtures.SMALL, 110, 0, 1,
        1, 16, 1e-3, warmup, schedule, 0, 1, null, 0, 0, 0, 0, "", 8, 1, false, 1, false), TrainingListener.NONE);
  }

  @Test
  void warmsUpLinearlyToThePeak() {
    Trainer trainer = trainer(10, TrainOptions.Schedule.CONSTANT);
    assertEquals(1e-4, trainer.learningRate(1, 110), 1e-12);
    assertEquals(5e-4, trainer.learningRate(5, 110), 1e-12);
    assertEquals(1e-3, trainer.learningRate(10, 110), 1e-12);
    assertEquals(1e-3, trainer.learningRate(110, 110), 1e-12);
  }

  @Test
  void cosineDecaysFromThePeakToATenthAtTheLastStep() {
    Trainer trainer = trainer(10, TrainOptions.Schedule.COSINE);
    assertEquals(1e-3, trainer.learningRate(10, 110), 1e-12);
    assertEquals(0.55e-3, trainer.learningRate(60, 110), 1e-12);
    assertEquals(1e-4, trainer.learningRate(110, 110), 1e-12);
  }

  @Test
  void cosineWithoutWarmupStartsJustBelowThePeak() {
    Trainer trainer = trainer(0, TrainOptions.Schedule.COSINE);
    double first = trainer.learningRate(1, 110);
    assertEquals(1e-3, first, 1e-6);
    assertEquals(true, first < 1e-3);
  }
}
