package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Multi-head causal self-attention, with the query, key and value projections fused in one matrix. */
record Attention(NDArray qkvWeight, NDArray qkvBias, NDArray projWeight, NDArray projBias, int nHead) {

  /**
   * (B, T, C) -> (B, T, C).
   *
   * @param cache this request's cache, or null to attend only within {@code x}
   * @param layer the block's index, to find its slot in the cache
   * @param mask (T, S) additive causal mask, or null when T is 1 (one query sees every cached key)
   * @param linear how the projections run
   */
  NDArray forward(NDArray x, KvCache cache, int layer, NDArray mask, LinearOp linear) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long c = x.getShape().get(2);
    long hs = c / nHead;
    NDArray qkv = linear.apply(x, qkvWeight, qkvBias); // (B, T, 3C)
    qkv = qkv.reshape(b, t, 3, nHead, hs).transpose(2, 0, 3, 1, 4); // (3, B, nh, T, hs)
    NDArray q; // (B, nh, T, hs), pre-scaled: T*hs multiplies, not T*S
    try (NDArray scale = Torch.scalar(x.getManager(), (float) (1 / Math.sqrt(hs)))) {
      q = qkv.get(0).mul(scale);
    }
    NDArray k = qkv.get(1); // (B, nh, T, hs)
    NDArray v = qkv.get(2); // (B, nh, T, hs)
    if (cache != null) {
      NDList kv = cache.append(layer, k, v);
      k = kv.get(0); // (B, nh, S, hs), S = cached + T
      v = kv.get(1); // (B, nh, S, hs)
    }
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)); // (B, nh, T, S)
    if (mask != null) {
      att = att.add(mask);
    }
    att = att.softmax(-1);
    NDArray y = att.matMul(v); // (B, nh, T, hs)
    y = y.transpose(0, 2, 1, 3).reshape(b, t, c); // (B, T, C)
    return linear.apply(y, projWeight, projBias); // (B, T, C)
  }
}
