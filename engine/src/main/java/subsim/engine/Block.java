package subsim.engine;

import ai.djl.ndarray.NDArray;

/** One pre-LN transformer block: x + attention(ln1(x)), then x + mlp(ln2(x)). */
record Block(LayerNorm ln1, Attention attention, LayerNorm ln2, Mlp mlp) {

  /** (B, T, C) -> (B, T, C); see {@link Attention#forward} for the cache and mask. */
  NDArray forward(NDArray x, KvCache cache, int layer, NDArray mask, LinearOp linear) {
    x = x.add(attention.forward(ln1.forward(x), cache, layer, mask, linear));
    return x.add(mlp.forward(ln2.forward(x), linear));
  }
}
