package subsim.engine;

import ai.djl.ndarray.NDArray;

/** The position-wise feed-forward block: widen 4x, GELU (tanh approximation), project back. */
record Mlp(NDArray fcWeight, NDArray fcBias, NDArray projWeight, NDArray projBias) {

  // GELU's tanh approximation: 0.5 x (1 + tanh(z)) equals x * sigmoid(2z), one op fewer per call.
  private static final float TWO_SQRT_2_OVER_PI = (float) (2 * Math.sqrt(2 / Math.PI));
  private static final float CUBIC = 0.044715f * TWO_SQRT_2_OVER_PI;

  /** (B, T, C) -> (B, T, C), the two projections run by {@code linear}. */
  NDArray forward(NDArray x, LinearOp linear) {
    NDArray h = linear.apply(x, fcWeight, fcBias); // (B, T, 4C)
    return linear.apply(gelu(h), projWeight, projBias); // (B, T, C)
  }

  /** Hugging Face's {@code gelu_new}: x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)). */
  static NDArray gelu(NDArray x) {
    try (NDArray cubic = Torch.scalar(x.getManager(), CUBIC);
        NDArray linear = Torch.scalar(x.getManager(), TWO_SQRT_2_OVER_PI)) {
      NDArray z = x.mul(x).muli(cubic).addi(linear).mul(x);
      return z.getNDArrayInternal().sigmoid().mul(x);
    }
  }
}
