package subsim.engine;

import java.util.Arrays;
import java.util.Random;

/** Nucleus sampling: keeps the smallest set of likeliest tokens whose probability reaches p, then lets the next sampler pick. */
public final class TopPSampler implements Sampler {

  private final double p;
  private final Sampler next;

  public TopPSampler(double p, Sampler next) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + p);
    }
    this.p = p;
    this.next = next;
  }

  @Override
  public int sample(float[] logits, Random random) {
    float max = Float.NEGATIVE_INFINITY;
    int candidates = 0;
    for (float logit : logits) {
      max = Math.max(max, logit);
      candidates += logit == Float.NEGATIVE_INFINITY ? 0 : 1;
    }
    // Sort candidates by probability, packed as (float bits, id) longs: non-negative floats order as their bits.
    long[] order = new long[candidates];
    double total = 0;
    int n = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] != Float.NEGATIVE_INFINITY) {
        float weight = (float) Math.exp(logits[i] - max);
        total += weight;
        order[n++] = ((long) Float.floatToIntBits(weight) << 32) | i;
      }
    }
    Arrays.sort(order);
    double kept = 0;
    int cut = n - 1;
    while (cut >= 0 && kept < p * total) {
      kept += Float.intBitsToFloat((int) (order[cut] >>> 32));
      cut--;
    }
    for (int j = 0; j <= cut; j++) {
      logits[(int) order[j]] = Float.NEGATIVE_INFINITY;
    }
    return next.sample(logits, random);
  }
}
