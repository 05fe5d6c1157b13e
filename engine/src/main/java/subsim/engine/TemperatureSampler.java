package subsim.engine;

import java.util.Random;

/** Divides the logits by a temperature, then lets the next sampler pick. */
public final class TemperatureSampler implements Sampler {

  private final float temperature;
  private final Sampler next;

  public TemperatureSampler(double temperature, Sampler next) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
    this.temperature = (float) temperature;
    this.next = next;
  }

  @Override
  public int sample(float[] logits, Random random) {
    for (int i = 0; i < logits.length; i++) {
      logits[i] /= temperature;
    }
    return next.sample(logits, random);
  }
}
