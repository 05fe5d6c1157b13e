package subsim.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.FloatBuffer;

/**
 * Mean next-token cross-entropy through GPT-2's tied LM head, with the head's gradients written by hand, one
 * slice of the vocabulary at a time.
 *
 * <p>Why not autograd: through logits, log-softmax and gather it keeps every (rows, V) intermediate, makes
 * about eight passes over them, and with rows in chunks (to keep each block under glibc's mmap ceiling) its
 * wte gradient is a sum of products whose inner dimension is the chunk's 125 rows. Slicing the vocabulary
 * instead keeps every product's inner dimension large (all rows, or the slice); each slice costs one softmax
 * and two max reductions, and its softmax, kept, feeds both gradient products unchanged. Measured on the
 * 2-core EPYC, head alone, 512 rows x 768 (124M, batch 4 x 128): 1.5-1.8 s by autograd against 0.9-1.2 s
 * sliced, before the single softmax per slice took off more.
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
    long wanted = Math.max(1, Math.min(vocab, (rows * vocab + blockFloats - 1) / blockFloats));
    long width = (vocab + wanted - 1) / wanted;
    int slices = (int) ((vocab + width - 1) / width); // rounding width up can leave fewer slices than wanted
    double[] targetLogits = new double[rows];
    double[][] sliceLogSumExp = new double[slices][rows];
    NDArray[] probabilities = new NDArray[slices]; // softmax within each slice, (N, W), kept for the gradients
    for (int s = 0; s < slices; s++) {
      long from = s * width;
      long to = Math.min(vocab, from + width);
      int w = (int) (to - from);
      try (NDArray logits = Linear.linear(hidden, slice(wte, from, to)).singletonOrThrow()) { // (N, W)
        NDArray p = logits.softmax(1); // (N, W)
        FloatBuffer l = NativeFloats.of(logits);
        for (int r = 0; r < rows; r++) {
          if (targets[r] >= from && targets[r] < to) {
            targetLogits[r] = l.get(Math.toIntExact(r * w + targets[r] - from));
          }
        }
        // At the row's largest logit the slice's softmax is exp(0) / sum (at least 1/W), so log sum = -log max p.
        float[] maxLogits = logits.max(new int[] {1}).toFloatArray();
        float[] maxProbabilities = p.max(new int[] {1}).toFloatArray();
        for (int r = 0; r < rows; r++) {
          sliceLogSumExp[s][r] = maxLogits[r] - Math.log(maxProbabilities[r]);
        }
        if (gradients) {
          probabilities[s] = p;
        } else {
          p.close();
        }
      }
    }
    double[] logSumExp = new double[rows];
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double[] slice : sliceLogSumExp) {
        max = Math.max(max, slice[r]);
      }
      double sum = 0;
      for (double[] slice : sliceLogSumExp) {
        sum += Math.exp(slice[r] - max);
      }
      logSumExp[r] = max + Math.log(sum);
      loss += logSumExp[r] - targetLogits[r];
    }
    if (!gradients) {
      return new Result(loss / rows, null);
    }
    // dLoss/dlogits = (softmax - onehot) / N. The softmax is each slice's times exp(lse_s - lse), a factor per row
    // that goes on the (N, C) operands rather than the (N, W) block; the onehot part is a row gather and scatter.
    NDManager manager = hidden.getManager();
    float[] picked = NativeFloats.rows(wte, targets);
    for (int i = 0; i < picked.length; i++) {
      picked[i] /= -rows;
    }
    NDArray hiddenGradient = manager.create(picked, hidden.getShape()); // (N, C)
    for (int s = 0; s < slices; s++) {
      long from = s * width;
      long to = Math.min(vocab, from + width);
      float[] factors = new float[rows];
      for (int r = 0; r < rows; r++) {
        factors[r] = (float) (Math.exp(sliceLogSumExp[s][r] - logSumExp[r]) / rows);
      }
      try (NDArray p = probabilities[s]; NDArray factor = manager.create(factors, new Shape(rows, 1))) {
        hiddenGradient.addi(p.matMul(slice(wte, from, to)).muli(factor));
        if (wteGradient != null) {
          slice(wteGradient, from, to).addi(p.transpose().matMul(hidden.mul(factor))); // (W, C)
        }
      }
    }
    if (wteGradient != null) {
      NativeFloats.addRows(wteGradient, targets, hidden.toFloatArray(), -1f / rows);
    }
    return new Result(loss / rows, hiddenGradient);
  }

  /** Rows [from, to) of a (V, C) matrix, as a view. */
  private static NDArray slice(NDArray matrix, long from, long to) {
    return matrix.get(new NDIndex("{}:{}", from, to));
  }
}
