package subsim.engine;

import java.util.Random;

/**
 * Divides the logits by a temperature, then lets the next sampler pick. The largest logit is subtracted first
 * (softmax does not change), so that a tiny temperature sends the others to -infinity instead of overflowing them
 * all to infinity, whose differences are NaN.
 */
public final class TemperatureSampler implements Sampler {

  private final double temperature;
  private final Sampler next;

  public TemperatureSampler(double temperature, Sampler next) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
    this.temperature = temperature; // as a float, one below 1.4e-45 would be 0
    this.next = next;
  }

  @Override
  public int sample(float[] logits, Random random) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) ((logits[i] - max) / temperature);
    }
    return next.sample(logits, random);
  }
}
