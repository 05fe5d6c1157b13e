package subsim.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;
import java.nio.FloatBuffer;

/**
 * Mean next-token cross-entropy through GPT-2's tied LM head, with the head's gradients written by hand, one
 * slice of the vocabulary at a time.
 *
 * <p>Why not autograd: through logits, log-softmax and gather it keeps every (rows, V) intermediate, makes
 * about eight passes over them, and with rows in chunks (to keep each block under glibc's mmap ceiling) its
 * wte gradient is a sum of products whose inner dimension is the chunk's 125 rows. Slicing the vocabulary
 * instead keeps every product's inner dimension large (all rows, or the slice), and the gradient
 * softmax - onehot is the kept exponentials, rescaled in place. Measured on the 2-core EPYC, head alone,
 * 512 rows x 768 (124M, batch 4 x 128): 1.5-1.8 s by autograd against 0.9-1.2 s here.
 */
final class TiedHeadLoss {

  /** Floats per (rows, slice) block: 24 MiB, under glibc's 32 MiB mmap ceiling, so blocks reuse freed memory. */
  static final long BLOCK_FLOATS = 6L << 20;

  private final long blockFloats;

  TiedHeadLoss() {
    this(BLOCK_FLOATS);
  }

  /** With blocks of at most {@code blockFloats} floats: tests use small ones to cut the vocabulary in many slices. */
  TiedHeadLoss(long blockFloats) {
    this.blockFloats = blockFloats;
  }

  /** The loss, and dLoss/dHidden (N, C) when gradients were asked for (else null). */
  record Result(double loss, NDArray hiddenGradient) {}

  /**
   * The mean loss of rows predicting {@code targets}; nothing is recorded for autograd.
   *
   * @param hidden (N, C) final hidden states, detached
   * @param wte (V, C) the tied embedding, detached
   */
  double loss(NDArray hidden, long[] targets, NDArray wte) {
    return run(hidden, targets, wte, false, null).loss();
  }

  /**
   * The mean loss and its gradients: dLoss/dHidden is returned, dLoss/dWte is added to {@code wteGradient}
   * unless that is null (a frozen embedding).
   */
  Result lossAndGradients(NDArray hidden, long[] targets, NDArray wte, NDArray wteGradient) {
    return run(hidden, targets, wte, true, wteGradient);
  }

  private Result run(NDArray hidden, long[] targets, NDArray wte, boolean gradients, NDArray wteGradient) {
    int rows = Math.toIntExact(hidden.getShape().get(0));
    long vocab = wte.getShape().get(0);
    int slices = (int) Math.max(1, Math.min(vocab, (rows * vocab + blockFloats - 1) / blockFloats));
    long width = (vocab + slices - 1) / slices;
    float[] targetLogits = new float[rows];
    NDArray[] exps = new NDArray[slices]; // exp(logits - the slice's row max), (N, W), kept for the gradients
    NDArray[] maxes = new NDArray[slices]; // (N, 1)
    NDArray[] sums = new NDArray[slices]; // (N, 1)
    for (int s = 0; s < slices; s++) {
      long from = s * width;
      long to = Math.min(vocab, from + width);
      NDArray logits = Linear.linear(hidden, slice(wte, from, to)).singletonOrThrow(); // (N, W)
      FloatBuffer values = NativeFloats.of(logits);
      for (int r = 0; r < rows; r++) {
        if (targets[r] >= from && targets[r] < to) {
          targetLogits[r] = values.get(Math.toIntExact(r * (to - from) + targets[r] - from));
        }
      }
      maxes[s] = logits.max(new int[] {1}, true);
      exps[s] = logits.subi(maxes[s]).exp();
      logits.close();
      sums[s] = exps[s].sum(new int[] {1}, true);
      if (!gradients) {
        exps[s].close();
      }
    }
    // log sum_v exp(l_v) = max + log sum_s exp(max_s - max) sum_{v in s} exp(l_v - max_s), per row.
    NDArray max = maxes[0];
    for (int s = 1; s < slices; s++) {
      max = max.maximum(maxes[s]);
    }
    NDArray total = null;
    for (int s = 0; s < slices; s++) {
      NDArray term = sums[s].mul(maxes[s].sub(max).exp());
      total = total == null ? term : total.addi(term);
    }
    float[] logSumExp = max.add(total.log()).toFloatArray();
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      loss += logSumExp[r] - targetLogits[r];
    }
    loss /= rows;
    if (!gradients) {
      return new Result(loss, null);
    }
    NDArray hiddenGradient = null;
    for (int s = 0; s < slices; s++) {
      long from = s * width;
      long to = Math.min(vocab, from + width);
      // dLoss/dlogits = (softmax - onehot) / N: the kept exponentials times exp(max_s - max) / (total N).
      NDArray dLogits = exps[s].muli(maxes[s].sub(max).exp().divi(total).divi(rows)); // (N, W)
      FloatBuffer values = NativeFloats.of(dLogits);
      for (int r = 0; r < rows; r++) {
        if (targets[r] >= from && targets[r] < to) {
          int at = Math.toIntExact(r * (to - from) + targets[r] - from);
          values.put(at, values.get(at) - 1f / rows);
        }
      }
      NDArray w = slice(wte, from, to); // (W, C)
      NDArray part = dLogits.matMul(w); // (N, C)
      hiddenGradient = hiddenGradient == null ? part : hiddenGradient.addi(part);
      if (wteGradient != null) {
        slice(wteGradient, from, to).addi(dLogits.transpose().matMul(hidden)); // (W, C)
      }
      dLogits.close();
    }
    return new Result(loss, hiddenGradient);
  }

  /** Rows [from, to) of a (V, C) matrix, as a view. */
  private static NDArray slice(NDArray matrix, long from, long to) {
    return matrix.get(new NDIndex("{}:{}", from, to));
  }
}
