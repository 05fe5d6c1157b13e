package subsim.engine;

import java.util.PriorityQueue;
import java.util.Random;

/** Keeps the k likeliest tokens (and any tied with the k-th), masks the rest, then lets the next sampler pick. */
public final class TopKSampler implements Sampler {

  private final int k;
  private final Sampler next;

  public TopKSampler(int k, Sampler next) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k must be positive, got " + k);
    }
    this.k = k;
    this.next = next;
  }

  @Override
  public int sample(float[] logits, Random random) {
    if (k < logits.length) {
      float threshold = kthLargest(logits);
      for (int i = 0; i < logits.length; i++) {
        if (logits[i] < threshold) {
          logits[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return next.sample(logits, random);
  }

  /** A min-heap of the k largest seen so far: one pass, O(V log k). */
  private float kthLargest(float[] logits) {
    PriorityQueue<Float> heap = new PriorityQueue<>(k + 1);
    for (float logit : logits) {
      if (heap.size() < k) {
        heap.add(logit);
      } else if (logit > heap.peek()) {
        heap.poll();
        heap.add(logit);
      }
    }
    return heap.peek();
  }
}
