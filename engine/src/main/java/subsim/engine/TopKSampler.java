package subsim.engine;

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

  /** A min-heap of the k largest seen so far, in a float array (no boxing): one pass, O(V log k). */
  private float kthLargest(float[] logits) {
    float[] heap = new float[k];
    int size = 0;
    for (float logit : logits) {
      if (size < k) {
        int i = size++;
        heap[i] = logit;
        while (i > 0 && heap[(i - 1) / 2] > heap[i]) { // sift up
          swap(heap, i, (i - 1) / 2);
          i = (i - 1) / 2;
        }
      } else if (logit > heap[0]) {
        heap[0] = logit;
        int i = 0;
        while (true) { // sift down
          int smallest = i;
          int left = 2 * i + 1;
          int right = left + 1;
          if (left < k && heap[left] < heap[smallest]) {
            smallest = left;
          }
          if (right < k && heap[right] < heap[smallest]) {
            smallest = right;
          }
          if (smallest == i) {
            break;
          }
          swap(heap, i, smallest);
          i = smallest;
        }
      }
    }
    return heap[0];
  }

  private static void swap(float[] heap, int a, int b) {
    float t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }
}
