package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GPT-2 as Hugging Face's {@code GPT2LMHeadModel} computes it in eval mode: token and position
 * embeddings, pre-LN blocks, a final layer norm and an LM head tied to the token embeddings.
 *
 * <p>The forward pass is a plain function of the weight arrays, so the same code serves inference
 * (with a {@link KvCache}) and training (weights with gradients attached, no cache). Linear weights
 * are kept as (out, in), the layout {@code torch.nn.functional.linear} wants, so no step transposes.
 */
public final class Gpt2Model implements AutoCloseable {

  /** Up to this many rows (batch x positions) the LM head runs as wte @ hidden^T; measured faster for 2 to 32. */
  private static final long FEW_ROWS = 32;

  private final Gpt2Config config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final NDArray wte; // (V, C), also the LM head
  private final NDArray wpe; // (P, C)
  private final List<Block> blocks;
  private final LayerNorm lnF;
  private final TwoLaneLinear lanes = new TwoLaneLinear();

  /** Takes ownership of {@code manager} and of {@code parameters}, named and shaped as {@link #parameterShapes}. */
  Gpt2Model(Gpt2Config config, NDManager manager, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    float eps = (float) config.layerNormEpsilon();
    this.wte = parameter("wte.weight");
    this.wpe = parameter("wpe.weight");
    List<Block> layers = new ArrayList<>();
    for (int i = 0; i < config.nLayer(); i++) {
      String h = "h." + i + ".";
      layers.add(new Block(
          new LayerNorm(parameter(h + "ln_1.weight"), parameter(h + "ln_1.bias"), eps),
          new Attention(parameter(h + "attn.c_attn.weight"), parameter(h + "attn.c_attn.bias"),
              parameter(h + "attn.c_proj.weight"), parameter(h + "attn.c_proj.bias"), config.nHead()),
          new LayerNorm(parameter(h + "ln_2.weight"), parameter(h + "ln_2.bias"), eps),
          new Mlp(parameter(h + "mlp.c_fc.weight"), parameter(h + "mlp.c_fc.bias"),
              parameter(h + "mlp.c_proj.weight"), parameter(h + "mlp.c_proj.bias"))));
    }
    this.blocks = List.copyOf(layers);
    this.lnF = new LayerNorm(parameter("ln_f.weight"), parameter("ln_f.bias"), eps);
  }

  /** Loads a Hugging Face GPT-2 folder ({@code config.json} + {@code model.safetensors} or its indexed shards). */
  public static Gpt2Model load(Path dir) {
    return HfCheckpoint.load(dir);
  }

  /** Saves in the Hugging Face layout, loadable by {@link #load} and by Hugging Face transformers. */
  public void save(Path dir) {
    HfCheckpoint.save(this, dir);
  }

  /**
   * A freshly initialised model, as GPT-2 initialises one: weights N(0, 0.02), residual projections
   * scaled by 1/sqrt(2 n_layer), biases 0, layer-norm gains 1. The same seed gives the same weights.
   */
  public static Gpt2Model random(Gpt2Config config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    NDManager manager = Torch.newManager();
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
    parameterShapes(config).forEach((name, shape) -> {
      float[] data = new float[Math.toIntExact(shape.size())];
      boolean layerNormGain = name.contains("ln_") && name.endsWith(".weight");
      if (layerNormGain) {
        Arrays.fill(data, 1f);
      } else if (!name.endsWith(".bias")) {
        double std = name.endsWith("c_proj.weight") ? residualStd : 0.02;
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) (random.nextGaussian() * std);
        }
      }
      parameters.put(name, manager.create(data, shape));
    });
    return new Gpt2Model(config, manager, parameters);
  }

  /** Every parameter's name (Hugging Face's, without {@code transformer.}) and shape, linear weights as (out, in). */
  public static Map<String, Shape> parameterShapes(Gpt2Config config) {
    long c = config.nEmbd();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("wte.weight", new Shape(config.vocabSize(), c));
    shapes.put("wpe.weight", new Shape(config.nPositions(), c));
    for (int i = 0; i < config.nLayer(); i++) {
      String h = "h." + i + ".";
      shapes.put(h + "ln_1.weight", new Shape(c));
      shapes.put(h + "ln_1.bias", new Shape(c));
      shapes.put(h + "attn.c_attn.weight", new Shape(3 * c, c));
      shapes.put(h + "attn.c_attn.bias", new Shape(3 * c));
      shapes.put(h + "attn.c_proj.weight", new Shape(c, c));
      shapes.put(h + "attn.c_proj.bias", new Shape(c));
      shapes.put(h + "ln_2.weight", new Shape(c));
      shapes.put(h + "ln_2.bias", new Shape(c));
      shapes.put(h + "mlp.c_fc.weight", new Shape(4 * c, c));
      shapes.put(h + "mlp.c_fc.bias", new Shape(4 * c));
      shapes.put(h + "mlp.c_proj.weight", new Shape(c, 4 * c));
      shapes.put(h + "mlp.c_proj.bias", new Shape(c));
    }
    shapes.put("ln_f.weight", new Shape(c));
    shapes.put("ln_f.bias", new Shape(c));
    return shapes;
  }

  public Gpt2Config config() {
    return config;
  }

  /** The weights by name, in {@link #parameterShapes} order; a trainer attaches gradients to these arrays. */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** The manager owning the weights; requests make sub-managers of it. */
  public NDManager manager() {
    return manager;
  }

  /** Token ids (B, T) int64 -> logits (B, T, V). With a cache, the ids continue the cached positions. */
  public NDArray forward(NDArray ids, KvCache cache) {
    return logits(hidden(ids, cache));
  }

  /** Token ids (B, T) -> the final layer norm's output (B, T, C), before the LM head. */
  public NDArray hidden(NDArray ids, KvCache cache) {
    return hiddenFromEmbeddings(lookup(ids, wte), cache);
  }

  /**
   * Token ids (B, T) -> their embeddings (B, T, C), outside autograd: for a trainer that computes the tied
   * embedding's gradient itself and passes these to {@link #hiddenFromEmbeddings}.
   */
  public NDArray detachedTokenEmbeddings(NDArray ids) {
    return lookup(ids, wte.stopGradient());
  }

  /** Rows {@code ids} (B, T) of {@code table} (V, C): (B, T, C). */
  private static NDArray lookup(NDArray ids, NDArray table) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** Token embeddings (B, T, C) -> the final layer norm's output (B, T, C): {@link #hidden} after its lookup. */
  public NDArray hiddenFromEmbeddings(NDArray tok, KvCache cache) {
    int t = Math.toIntExact(tok.getShape().get(1));
    int past = cache == null ? 0 : cache.length();
    if (past + t > config.nPositions()) {
      throw new IllegalArgumentException(
          "sequence of " + (past + t) + " positions exceeds n_positions " + config.nPositions());
    }
    NDArray pos = wpe.get(new NDIndex().addSliceDim(past, past + t)); // (T, C)
    NDArray x = tok.add(pos); // (B, T, C)
    NDArray mask = t > 1 ? causalMask(tok.getManager(), t, past) : null; // (T, past + T)
    // One row per step is batch-1 decoding, bound by streaming weights; training never passes a cache.
    LinearOp linear = cache != null && tok.getShape().size() == tok.getShape().tail() ? lanes : LinearOp.PLAIN;
    for (int i = 0; i < blocks.size(); i++) {
      x = blocks.get(i).forward(x, cache, i, mask, linear);
    }
    if (cache != null) {
      cache.advance(t);
    }
    return lnF.forward(x);
  }

  /** Hidden states (B, T, C) -> logits (B, T, V) through the tied LM head. */
  public NDArray logits(NDArray hidden) {
    Shape shape = hidden.getShape();
    long rows = shape.size() / shape.tail();
    if (rows == 1) {
      return lanes.apply(hidden, wte, null);
    }
    if (rows > FEW_ROWS) {
      return LinearOp.PLAIN.apply(hidden, wte, null);
    }
    // A batched decoding step: libtorch's GEMM streams the (V, C) head faster as wte @ hidden^T than as
    // hidden @ wte^T (124M, 8 rows, 2-core EPYC: 8.2 ms against 12.0 with MKL's AVX-512 kernels, 22 against 36 with
    // its AVX2 ones; two threads on halves did no better).
    NDArray logits = wte.matMul(hidden.reshape(rows, shape.tail()).transpose()).transpose(); // (B*T, V)
    return logits.reshape(shape.slice(0, shape.dimension() - 1).add(config.vocabSize())); // (B, T, V)
  }

  /** Query i (absolute position past + i) may attend keys 0..past + i: 0 there, -inf after. */
  private static NDArray causalMask(NDManager manager, int t, int past) {
    int s = past + t;
    float[] mask = new float[t * s];
    for (int i = 0; i < t; i++) {
      for (int j = past + i + 1; j < s; j++) {
        mask[i * s + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return manager.create(mask, new Shape(t, s));
  }

  private NDArray parameter(String name) {
    NDArray array = parameters.get(name);
    if (array == null) {
      throw new IllegalArgumentException("missing parameter " + name);
    }
    return array;
  }

  @Override
  public void close() {
    lanes.close();
    manager.close();
  }
}
