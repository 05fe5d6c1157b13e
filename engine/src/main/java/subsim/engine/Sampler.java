package subsim.engine;

import java.util.Random;

/** Picks the next token from one row of logits. Implementations may overwrite {@code logits}. */
public interface Sampler {

  int sample(float[] logits, Random random);

  /** The chain the options ask for: temperature, then top-k, then top-p, then a categorical draw; or greedy. */
  static Sampler of(GenerationOptions options) {
    if (options.greedy()) {
      return new GreedySampler();
    }
    Sampler sampler = new CategoricalSampler();
    if (options.topP() < 1) {
      sampler = new TopPSampler(options.topP(), sampler);
    }
    if (options.topK() > 0) {
      sampler = new TopKSampler(options.topK(), sampler);
    }
    if (options.temperature() != 1) {
      sampler = new TemperatureSampler(options.temperature(), sampler);
    }
    return sampler;
  }
}
