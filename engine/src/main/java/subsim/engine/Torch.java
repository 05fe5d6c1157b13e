package subsim.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;

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
    // libtorch's CPU allocator does not cache: every tensor of 2 MB or more is fresh memory, faulted in page by
    // page. A tiny training step makes ~0.9 GB of such tensors (the (B*T, V) logits, their log-softmax and their
    // gradients), 220k faults per step; this documented switch makes it ask for transparent huge pages instead.
    // libtorch reads it from the C environment at its first large allocation, so set it there, before any.
    if (System.getenv("THP_MEM_ALLOC_ENABLE") == null) {
      Native.load("c", CLibrary.class).setenv("THP_MEM_ALLOC_ENABLE", "1", 0);
    }
  }

  /** The one libc call needed: the JVM's own environment map is read-only. */
  private interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private Torch() {}

  /** A new root manager on the CPU; closing it frees every array created in it. */
  static NDManager newManager() {
    return NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }
}
