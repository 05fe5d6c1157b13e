package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values of every position seen so far, per layer, for one request. Mutable; the model
 * weights are not. Allocated once at full capacity so a decoding step writes in place instead of
 * concatenating (and reallocating) the whole history.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;
  private int length;

  /**
   * Allocates a cache in a sub-manager of {@code parent}.
   *
   * @param batch rows decoded together
   * @param capacity positions the cache holds, at most the model's context length
   */
  public KvCache(NDManager parent, Gpt2Config config, int batch, int capacity) {
    if (capacity < 1 || capacity > config.nPositions()) {
      throw new IllegalArgumentException(
          "cache capacity " + capacity + " must be in [1, n_positions " + config.nPositions() + "]");
    }
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.keys = new NDArray[config.nLayer()];
    this.values = new NDArray[config.nLayer()];
    Shape shape = new Shape(batch, config.nHead(), capacity, config.headSize()); // (B, nh, capacity, hs)
    for (int i = 0; i < config.nLayer(); i++) {
      keys[i] = manager.zeros(shape, DataType.FLOAT32);
      values[i] = manager.zeros(shape, DataType.FLOAT32);
    }
  }

  /** Positions already cached. */
  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  /** Forgets every position, keeping the memory. */
  public void clear() {
    length = 0;
  }

  /**
   * Writes one layer's new keys and values (B, nh, T, hs) after the cached ones and returns views of
   * all of them, (B, nh, length + T, hs). {@link #advance} commits the T positions after the last layer.
   */
  NDList append(int layer, NDArray k, NDArray v) {
    long t = k.getShape().get(2);
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache full: " + length + " cached + " + t + " new > capacity " + capacity);
    }
    NDIndex fresh = new NDIndex().addAllDim(2).addSliceDim(length, length + t);
    keys[layer].set(fresh, k);
    values[layer].set(fresh, v);
    NDIndex all = new NDIndex().addAllDim(2).addSliceDim(0, length + t);
    return new NDList(keys[layer].get(all), values[layer].get(all));
  }

  void advance(int t) {
    length += t;
  }

  @Override
  public void close() {
    manager.close();
  }
}
