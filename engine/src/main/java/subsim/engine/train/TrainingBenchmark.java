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

  /** What a benchmark measured: the untimed steps it ran first, and each timed step's seconds. */
  public record Timing(int warmupSteps, double[] stepSeconds) {}

  /**
   * Runs untimed steps until there have been {@code warmup} of them and {@code warmupSeconds} have passed, then
   * {@code steps} timed ones. The seconds matter for small models: a tiny step takes a fifth of a second, and its
   * first 10-15 steps run slower while the JIT compiles AdamW's pass and malloc's heap grows to a step's size.
   *
   * @return how many warm-up steps ran, and the wall time of each timed step in seconds
   */
  public static Timing time(Gpt2Config config, int batch, int sequence, int warmup, double warmupSeconds,
      int steps) {
    if (batch < 1 || steps < 1 || warmup < 0 || !(warmupSeconds >= 0)) {
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
      long warmupStart = System.nanoTime();
      long warmupNanos = (long) (warmupSeconds * 1e9); // saturates at Long.MAX_VALUE: warming up until stopped
      int step = 0;
      while (step < warmup || System.nanoTime() - warmupStart < warmupNanos) {
        step(model, optimizer, windows(random, config, batch, sequence), ++step);
      }
      for (int i = 0; i < steps; i++) {
        long[][] windows = windows(random, config, batch, sequence);
        long start = System.nanoTime();
        step(model, optimizer, windows, ++step);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      return new Timing(step - steps, seconds);
    }
  }

  private static void step(Gpt2Model model, AdamW optimizer, long[][] windows, int step) {
    Trainer.optimisationStep(model, optimizer, List.<long[][]>of(windows), step, 1e-4, 1.0);
  }

  /** {@code batch} windows of random tokens, {@code sequence} + 1 long (inputs and their next-token targets). */
  private static long[][] windows(SplittableRandom random, Gpt2Config config, int batch, int sequence) {
    long[][] windows = new long[batch][sequence + 1];
    for (long[] window : windows) {
      for (int t = 0; t <= sequence; t++) {
        window[t] = random.nextInt(config.vocabSize());
      }
    }
    return windows;
  }
}
