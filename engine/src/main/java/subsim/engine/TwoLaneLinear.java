package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A linear layer for a one-row decoding step, split by output features into two halves computed
 * at once: one on the caller's thread, one on a helper thread.
 *
 * <p>Why: a decoding step is little more than streaming every weight from memory once, and MKL's
 * matrix-vector product streams at one core's bandwidth (13-15 GB/s on the 2-core benchmark machine)
 * even with two libtorch threads, while two cores reading together reach 26-28 GB/s. Two half-size
 * products on two threads take the LM head of the 124M model from ~11 ms to ~6.5 ms.
 */
final class TwoLaneLinear implements LinearOp, AutoCloseable {

  /**
   * Below this the hand-off and the join cost more than the second core saves: 124M's 768 x 768 projection
   * took 250-280 us split against 190-210 us whole (measured); its 768 x 2304 and larger ones gain.
   */
  private static final long MIN_WEIGHTS = 1 << 20;
  /**
   * How long the helper polls for the next half before it parks. Longer than the gap between two linears,
   * so a decoding step never waits for a wake-up (200 us cost 15% of batch-1 speed against 1 ms).
   */
  private static final long SPIN_NANOS = 1_000_000;

  private final Map<NDArray, NDArray[]> halves = new IdentityHashMap<>();
  private final ReentrantLock busy = new ReentrantLock();
  private volatile Thread helper; // started under the lock by a caller; read by close() on any thread
  private volatile Callable<NDArray> task;
  private volatile Object outcome; // the helper's NDArray, or what it threw
  private volatile boolean closed;

  /** Asked once: every decoding step's linears consult it. */
  private static final boolean SEVERAL_CORES = Runtime.getRuntime().availableProcessors() > 1;

  /** True when splitting this weight across two threads pays on this machine. */
  static boolean worthSplitting(NDArray weight) {
    return SEVERAL_CORES && weight.size() >= MIN_WEIGHTS;
  }

  @Override
  public NDArray apply(NDArray x, NDArray weight, NDArray bias) {
    // A second caller (the model is shared) does not wait for the helper: one libtorch call is as correct.
    // Under a gradient collector the product must stay on autograd's tape, and the helper runs off it.
    if (!worthSplitting(weight) || closed || JniUtils.isGradMode() || !busy.tryLock()) {
      return PLAIN.apply(x, weight, bias);
    }
    try {
      NDArray[] w = halves(weight); // (out/2, in), (out - out/2, in)
      NDArray[] b = bias == null ? new NDArray[2] : halves(bias);
      hand(() -> PLAIN.apply(x, w[1], b[1]));
      NDArray low;
      try {
        low = PLAIN.apply(x, w[0], b[0]); // (..., out/2)
      } catch (RuntimeException | Error e) {
        try {
          collect().close();
        } catch (RuntimeException | Error second) {
          e.addSuppressed(second);
        }
        throw e;
      }
      // The helper's half belongs to no scope of this thread: closed here once joined.
      try (NDArray high = collect()) { // (..., out - out/2)
        return low.concat(high, -1); // (..., out)
      }
    } finally {
      busy.unlock();
    }
  }

  /** Views of the two halves of a weight or bias along its first axis, made once and kept with the model's weights. */
  private NDArray[] halves(NDArray array) {
    return halves.computeIfAbsent(array, whole -> {
      long out = whole.getShape().get(0);
      NDArray[] views = {whole.get(new NDIndex().addSliceDim(0, out / 2)), whole.get(new NDIndex().addSliceDim(out / 2, out))};
      NDScope.unregister(views); // the caller's scope must not free views that outlive its step
      return views;
    });
  }

  private void hand(Callable<NDArray> work) {
    if (helper == null) {
      helper = new Thread(this::serve, "gpt2-second-lane");
      helper.setDaemon(true);
      helper.start();
    }
    outcome = null;
    task = work;
    LockSupport.unpark(helper);
  }

  private NDArray collect() {
    Object result;
    long start = System.nanoTime();
    while ((result = outcome) == null) {
      // Both halves take about as long, so the wait is short; on a busy machine let the helper have the core.
      if (System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      } else if (!helper.isAlive() && outcome == null) {
        // Closed between this call's check and its hand-off: the helper left without the half.
        throw new IllegalStateException("the model was closed during a decoding step");
      } else {
        Thread.yield();
      }
    }
    if (result instanceof NDArray array) {
      return array;
    }
    if (result instanceof RuntimeException e) {
      throw e;
    }
    if (result instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("second lane failed", (Throwable) result);
  }

  private void serve() {
    JniUtils.setGradMode(false); // libtorch's grad mode is per thread and on by default
    // MKL sets a thread up on its first matrix-matrix product. A thread that had only run matrix-vector
    // products ran them 3x slower beside the caller's libtorch ops (measured), so start with a small product.
    try (NDManager scratch = Torch.newManager()) {
      PLAIN.apply(scratch.ones(new Shape(2, 64)), scratch.ones(new Shape(64, 64)), null);
    }
    long idleSince = System.nanoTime();
    while (!closed) {
      Callable<NDArray> work = task;
      if (work == null) {
        if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
        continue;
      }
      task = null;
      Object result;
      try {
        result = work.call();
      } catch (Throwable e) {
        result = e;
      }
      outcome = result;
      idleSince = System.nanoTime();
    }
  }

  /** Stops the helper thread; the half views go with the model's manager. */
  @Override
  public void close() {
    closed = true;
    if (helper != null) {
      LockSupport.unpark(helper);
    }
  }
}
