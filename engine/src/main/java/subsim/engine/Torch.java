package subsim.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/** Where the engine gets its NDManagers: PyTorch on the CPU, with its threads set before the engine starts. */
final class Torch {

  static {
    // libtorch's intra-op pool decides matmul speed on a small box; use every core unless told otherwise.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  private Torch() {}

  /** A new root manager on the CPU; closing it frees every array created in it. */
  static NDManager newManager() {
    return NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }
}
