package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/** How the model runs a linear layer y = x W^T + b, with W stored (out, in) and b possibly null. */
@FunctionalInterface
interface LinearOp {

  /** One libtorch call: what training and long inputs use. */
  LinearOp PLAIN = (x, weight, bias) -> Linear.linear(x, weight, bias).singletonOrThrow();

  /** (..., in) -> (..., out). */
  NDArray apply(NDArray x, NDArray weight, NDArray bias);
}
