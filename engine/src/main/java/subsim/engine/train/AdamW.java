package subsim.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * AdamW (Loshchilov and Hutter: weight decay decoupled from the gradient) over the trainable weights, as one
 * fused pass over each tensor's memory. Measured at 124M on this 2-core box: 0.15-0.2 s per update, against 10 s for
 * DJL's libtorch Adam kernel (a dozen passes and temporaries per tensor) under the same load.
 */
final class AdamW implements AutoCloseable {

  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;
  private static final int MAGIC = 0x5353_4F50; // "SSOP"
  /** Elements per parallel task: large enough to amortise the fork, small enough to stay in a core's cache. */
  private static final int CHUNK = 1 << 14;
  private static final float[] ZEROS = new float[CHUNK];
  /** Each worker's copies of one chunk of weights, gradients and both moments. */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][CHUNK]);

  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, NDArray> handGradients = new LinkedHashMap<>();
  private final float weightDecay;

  /** Attaches gradients to {@code parameters}; the moments live in a sub-manager of {@code owner}. */
  AdamW(NDManager owner, Map<String, NDArray> parameters, double weightDecay) {
    this(owner, parameters, Set.of(), weightDecay);
  }

  /**
   * Like the three-argument constructor, except that the weights named in {@code byHand} get no autograd
   * gradient but a buffer here, which the caller fills ({@link #handGradient}) before each update.
   */
  AdamW(NDManager owner, Map<String, NDArray> parameters, Set<String> byHand, double weightDecay) {
    this.manager = owner.newSubManager();
    this.parameters = new LinkedHashMap<>(parameters); // a fixed order keeps the norm's sum reproducible
    this.weightDecay = (float) weightDecay;
    parameters.forEach((name, weight) -> {
      if (byHand.contains(name)) {
        handGradients.put(name, manager.zeros(weight.getShape()));
      } else {
        weight.setRequiresGradient(true);
      }
      means.put(name, manager.zeros(weight.getShape()));
      variances.put(name, manager.zeros(weight.getShape()));
    });
  }

  /** How many values each update changes: the sizes of all trained weights together. */
  long parameterCount() {
    return parameters.values().stream().mapToLong(NDArray::size).sum();
  }

  /** The buffer that holds the gradient of {@code name} when it is computed by hand, else null. */
  NDArray handGradient(String name) {
    return handGradients.get(name);
  }

  /** The L2 norm of all gradients together, as {@code torch.nn.utils.clip_grad_norm_} measures it. */
  double gradientNorm() {
    double squares = 0;
    for (String name : parameters.keySet()) {
      try (NDArray gradient = gradient(name); NDArray norm = gradient.norm()) {
        double n = norm.getFloat();
        squares += n * n;
      }
    }
    return Math.sqrt(squares);
  }

  /**
   * One AdamW step, then zeroes the gradients for the next.
   *
   * @param t this update's 1-based count, for the bias correction
   * @param learningRate the scheduled rate
   * @param gradientScale multiplies every gradient first (averaging micro-batches, clipping)
   */
  void update(int t, double learningRate, double gradientScale) {
    // torch.optim.AdamW's step, with both bias corrections folded into the step size and epsilon:
    // lr/c1 * m / (sqrt(v)/c2 + eps) == (lr*c2/c1) * m / (sqrt(v) + eps*c2).
    double correction2 = Math.sqrt(1 - Math.pow(BETA2, t));
    float stepSize = (float) (learningRate * correction2 / (1 - Math.pow(BETA1, t)));
    float epsilon = (float) (EPSILON * correction2);
    float scale = (float) gradientScale;
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      NDArray weight = entry.getValue();
      // Decoupled decay, only on matrices and embeddings, as GPT-2 trainers do.
      float keep = weight.getShape().dimension() >= 2 ? (float) (1 - learningRate * weightDecay) : 1f;
      try (NDArray gradient = gradient(entry.getKey())) {
        FloatBuffer w = NativeFloats.of(weight);
        FloatBuffer g = NativeFloats.of(gradient);
        FloatBuffer m = NativeFloats.of(means.get(entry.getKey()));
        FloatBuffer v = NativeFloats.of(variances.get(entry.getKey()));
        int size = w.capacity();
        int chunks = (size + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
          // Bulk copies into per-thread arrays let the JIT vectorise the arithmetic, which it does not do for
          // element-wise buffer access (64M floats: 75-105 ms against 160 ms).
          float[][] scratch = SCRATCH.get();
          float[] ws = scratch[0];
          float[] gs = scratch[1];
          float[] ms = scratch[2];
          float[] vs = scratch[3];
          int from = c * CHUNK;
          int length = Math.min(size, from + CHUNK) - from;
          w.get(from, ws, 0, length);
          g.get(from, gs, 0, length);
          m.get(from, ms, 0, length);
          v.get(from, vs, 0, length);
          for (int i = 0; i < length; i++) {
            float gi = gs[i] * scale;
            float mi = BETA1 * ms[i] + (1 - BETA1) * gi;
            float vi = BETA2 * vs[i] + (1 - BETA2) * gi * gi;
            ms[i] = mi;
            vs[i] = vi;
            ws[i] = ws[i] * keep - stepSize * mi / ((float) Math.sqrt(vi) + epsilon);
          }
          w.put(from, ws, 0, length);
          m.put(from, ms, 0, length);
          v.put(from, vs, 0, length);
          g.put(from, ZEROS, 0, length);
        });
      }
    }
  }

  /** The gradient of {@code name}, as a handle the caller closes (a second handle on a hand buffer's memory). */
  private NDArray gradient(String name) {
    NDArray buffer = handGradients.get(name);
    return buffer != null ? buffer.stopGradient() : parameters.get(name).getGradient();
  }

  /** Writes both moments of every parameter, little-endian float32, with names and sizes to check on load. */
  void save(Path file) {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(parameters.size());
      for (String name : means.keySet()) {
        out.writeUTF(name);
        out.writeLong(means.get(name).size());
        writeFloats(out, means.get(name).toFloatArray());
        writeFloats(out, variances.get(name).toFloatArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write optimizer state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads what {@link #save} wrote into this optimiser's moments; any mismatch names the file and tensor. */
  void load(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(file + ": not an optimizer state file");
      }
      int count = in.readInt();
      if (count != means.size()) {
        throw new IllegalArgumentException(file + ": holds moments for " + count + " tensors, but "
            + means.size() + " are trained (was --only-transformer-layers changed?)");
      }
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        long size = in.readLong();
        NDArray mean = means.get(name);
        if (mean == null || mean.size() != size) {
          throw new IllegalArgumentException(file + ": tensor " + name + " with " + size + " values does not match"
              + " the model (expected " + (mean == null ? "no such tensor" : mean.size() + " values") + ")");
        }
        mean.set(readFloats(in, size));
        variances.get(name).set(readFloats(in, size));
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException("cannot read optimizer state " + file + ": it ends early, so it is"
          + " truncated or incomplete", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read optimizer state " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    out.write(bytes.array());
  }

  private static java.nio.FloatBuffer readFloats(DataInputStream in, long size) throws IOException {
    byte[] bytes = new byte[Math.toIntExact(size * Float.BYTES)];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  @Override
  public void close() {
    manager.close();
  }
}
