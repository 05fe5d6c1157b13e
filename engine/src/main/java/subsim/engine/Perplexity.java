package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** Mean next-token negative log-likelihood of a token sequence under a model. */
public final class Perplexity {

  private Perplexity() {}

  /**
   * Scores every token after the first. A text longer than the context is read in windows of the
   * context length that advance by half of it; each token is scored once, by the first window that
   * predicts it with at least half a context of history (except at the start), as Hugging Face's
   * perplexity guide does.
   */
  public static NllResult evaluate(Gpt2Model model, int[] ids) {
    return Torch.withoutGradients(() -> score(model, ids));
  }

  private static NllResult score(Gpt2Model model, int[] ids) {
    if (ids.length < 2) {
      throw new IllegalArgumentException("perplexity needs at least 2 tokens, got " + ids.length);
    }
    int vocab = model.config().vocabSize();
    for (int id : ids) {
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary [0, " + vocab + ")");
      }
    }
    int window = model.config().nPositions();
    int stride = Math.max(1, window / 2);
    double total = 0;
    int scored = 0;
    try (NDManager manager = model.manager().newSubManager()) {
      for (int begin = 0; scored < ids.length - 1; begin += stride) {
        int end = Math.min(begin + window, ids.length);
        int firstTarget = Math.max(begin + 1, scored + 1);
        total += windowNll(model, manager, ids, begin, end, firstTarget);
        scored = end - 1;
      }
    }
    double nll = total / (ids.length - 1);
    return new NllResult(ids.length - 1, nll, Math.exp(nll));
  }

  /** Summed NLL of targets ids[firstTarget..end) given ids[begin..target). */
  private static double windowNll(Gpt2Model model, NDManager manager, int[] ids, int begin, int end, int firstTarget) {
    try (NDScope scope = new NDScope()) {
      long[] input = new long[end - begin];
      for (int t = begin; t < end; t++) {
        input[t - begin] = ids[t];
      }
      long[] targets = new long[end - firstTarget];
      for (int t = firstTarget; t < end; t++) {
        targets[t - firstTarget] = ids[t];
      }
      NDArray hidden = model.hidden(manager.create(new long[][] {input}), null); // (1, L, C)
      // Position p predicts token p + 1; only the positions whose targets are scored reach the LM head.
      NDArray used = hidden.get(new NDIndex().addAllDim().addSliceDim(firstTarget - 1 - begin, end - 1 - begin));
      NDArray logProbs = model.logits(used).logSoftmax(-1).reshape(targets.length, -1); // (N, V)
      NDArray picked = logProbs.gather(manager.create(targets, new Shape(targets.length, 1)), 1); // (N, 1)
      double sum = 0;
      for (float logProb : picked.toFloatArray()) {
        sum -= logProb;
      }
      return sum;
    }
  }
}
