package subsim.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Where the engine gets its NDManagers: PyTorch on the CPU, with its threads set and {@link LibtorchTuning} applied
 * before the engine starts.
 */
public final class Torch {

  static {
    // libtorch's intra-op pool decides matmul speed on a small box; use every core unless told otherwise.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    LibtorchTuning.apply();
  }

  private Torch() {}

  /**
   * Runs inference with autograd off on this thread, then restores the thread's mode. libtorch's grad mode is per
   * thread and on by default, and DJL turns it off only on the thread that started the engine: on any other thread
   * (a scheduler's worker) inference would record graphs and {@link TwoLaneLinear} would never split.
   */
  public static <T> T withoutGradients(Supplier<T> work) {
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(before);
    }
  }

  /**
   * A 0-d float tensor in libtorch's own memory, for a number operand of model arithmetic. DJL makes its number
   * operands ({@code x.mul(2)}) over a Java buffer that it frees once the operand is closed, while autograd keeps
   * a reference for the backward pass: a garbage collection in between gave the gradients whatever the freed
   * memory held by then (NaN in training runs beside the service's generation).
   */
  static NDArray scalar(NDManager manager, float value) {
    return manager.full(new Shape(), value);
  }

  /** A new root manager on the CPU; closing it frees every array created in it. */
  static NDManager newManager() {
    return NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }
}
