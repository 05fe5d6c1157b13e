package subsim.engine.train;

import java.util.List;
import java.util.SplittableRandom;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;

/**
 * Times full training steps (forward, backward, clipping, AdamW) of a randomly initialised model on random
 * tokens: the work of one {@link Trainer} step, without data files or checkpoints.
 */
public final class TrainingBenchmark {

  private TrainingBenchmark() {}

  /**
   * Runs {@code warmup} untimed steps, then {@code steps} timed ones.
   *
   * @return the wall time of each timed step, in seconds
   */
  public static double[] stepSeconds(Gpt2Config config, int batch, int sequence, int warmup, int steps) {
    if (batch < 1 || steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("batch and steps must be positive and warm-up not negative");
    }
    if (sequence < 1 || sequence > config.nPositions()) {
      throw new IllegalArgumentException(
          "sequence length must be in [1, " + config.nPositions() + "], got " + sequence);
    }
    SplittableRandom random = new SplittableRandom(0);
    double[] seconds = new double[steps];
    try (Gpt2Model model = Gpt2Model.random(config, 0);
        AdamW optimizer = Trainer.optimizer(model, model.parameters(), 0.01)) {
      for (int step = 1; step <= warmup + steps; step++) {
        long[][] windows = new long[batch][sequence + 1];
        for (long[] window : windows) {
          for (int t = 0; t <= sequence; t++) {
            window[t] = random.nextInt(config.vocabSize());
          }
        }
        long start = System.nanoTime();
        Trainer.optimisationStep(model, optimizer, List.<long[][]>of(windows), step, 1e-4, 1.0);
        if (step > warmup) {
          seconds[step - warmup - 1] = (System.nanoTime() - start) / 1e9;
        }
      }
    }
    return seconds;
  }
}
