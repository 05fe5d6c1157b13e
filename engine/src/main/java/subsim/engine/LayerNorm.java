package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis, with a learned gain and bias. */
record LayerNorm(NDArray weight, NDArray bias, float epsilon) {

  /** (..., C) -> (..., C). */
  NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, epsilon)
        .singletonOrThrow();
  }
}
