package subsim.engine;

import java.util.Random;

/** Draws a token with probability softmax(logits); tokens at -infinity are never drawn. */
public final class CategoricalSampler implements Sampler {

  @Override
  public int sample(float[] logits, Random random) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double total = 0;
    double[] weights = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      // After top-k or top-p nearly every logit is -infinity; exp would return 0 for them, only slower.
      if (logits[i] != Float.NEGATIVE_INFINITY) {
        weights[i] = Math.exp(logits[i] - max);
        total += weights[i];
      }
    }
    double target = random.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        target -= weights[i];
        if (target < 0) {
          return i;
        }
      }
    }
    return last; // rounding left a sliver of mass: the last possible token
  }
}
