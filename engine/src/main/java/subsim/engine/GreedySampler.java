package subsim.engine;

import java.util.Random;

/** Always the likeliest token (the lowest id on a tie). */
public final class GreedySampler implements Sampler {

  @Override
  public int sample(float[] logits, Random random) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
