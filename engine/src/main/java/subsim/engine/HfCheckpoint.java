package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hugging Face GPT-2 checkpoints ({@code config.json} + {@code model.safetensors}) to and from
 * {@link Gpt2Model}: the whole name map, the Conv1D transposes and a shape check on every tensor.
 */
final class HfCheckpoint {

  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.safetensors";

  /** Hugging Face saves GPT2LMHeadModel's body under this prefix; GPT2Model's own files have none. */
  private static final String PREFIX = "transformer.";

  private HfCheckpoint() {}

  /** Conv1D layers store (in, out); we keep (out, in) for torch's linear, so these four transpose. */
  static boolean isConv1d(String name) {
    return name.endsWith("attn.c_attn.weight") || name.endsWith("attn.c_proj.weight")
        || name.endsWith("mlp.c_fc.weight") || name.endsWith("mlp.c_proj.weight");
  }

  /** Causal-mask buffers that older transformers versions saved; they are constants, not weights. */
  private static boolean isBuffer(String name) {
    return name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias");
  }

  static Gpt2Model load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException("model folder not found: " + dir);
    }
    Gpt2Config config = Gpt2Config.read(dir.resolve(CONFIG));
    Path file = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(file)) {
      String hint = Files.exists(dir.resolve("pytorch_model.bin"))
          ? " (found pytorch_model.bin: save it with safe_serialization=True)" : "";
      throw new CheckpointException("checkpoint not found: " + file + hint);
    }
    NDManager manager = Torch.newManager();
    try (Safetensors tensors = Safetensors.open(file)) {
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      Map<String, Shape> expected = Gpt2Model.parameterShapes(config);
      Map<String, Safetensors.Entry> found = byParameterName(file, tensors, expected);
      for (Map.Entry<String, Shape> parameter : expected.entrySet()) {
        String name = parameter.getKey();
        long[] hfShape = hfShape(name, parameter.getValue());
        Safetensors.Entry entry = found.get(name);
        if (entry == null) {
          throw new CheckpointException(file + ": missing tensor " + name + " (expected shape "
              + Arrays.toString(hfShape) + ", actual: none)");
        }
        if (!Arrays.equals(entry.shape(), hfShape)) {
          throw new CheckpointException(file + ": tensor " + entry.name() + " has shape "
              + Arrays.toString(entry.shape()) + " but config.json implies " + Arrays.toString(hfShape));
        }
        float[] values = tensors.readFloats(entry);
        if (isConv1d(name)) {
          values = transpose(values, (int) hfShape[0], (int) hfShape[1]);
        }
        parameters.put(name, manager.create(values, parameter.getValue()));
      }
      return new Gpt2Model(config, manager, parameters);
    } catch (IOException e) {
      manager.close();
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The file's tensors by parameter name; buffers dropped, anything unknown an error. */
  private static Map<String, Safetensors.Entry> byParameterName(
      Path file, Safetensors tensors, Map<String, Shape> expected) {
    Map<String, Safetensors.Entry> found = new HashMap<>();
    for (Safetensors.Entry entry : tensors.entries().values()) {
      String name = entry.name().startsWith(PREFIX) ? entry.name().substring(PREFIX.length()) : entry.name();
      if (isBuffer(name)) {
        continue;
      }
      if (name.equals("lm_head.weight")) {
        // The LM head is tied to wte (Hugging Face re-ties it on load too); only its shape is checked.
        long[] wte = hfShape("wte.weight", expected.get("wte.weight"));
        if (!Arrays.equals(entry.shape(), wte)) {
          throw new CheckpointException(file + ": tensor lm_head.weight has shape "
              + Arrays.toString(entry.shape()) + " but the tied wte.weight is " + Arrays.toString(wte));
        }
        continue;
      }
      if (!expected.containsKey(name)) {
        throw new CheckpointException(file + ": unexpected tensor " + entry.name() + " with shape "
            + Arrays.toString(entry.shape()) + " (expected shape: none, GPT-2 has no such parameter)");
      }
      if (found.put(name, entry) != null) {
        throw new CheckpointException(file + ": tensor " + name + " appears twice (with and without "
            + PREFIX + ")");
      }
    }
    return found;
  }

  static void save(Gpt2Model model, Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, long[]> shapes = new LinkedHashMap<>();
      Map<String, NDArray> byFileName = new HashMap<>();
      model.parameters().forEach((name, array) -> {
        shapes.put(PREFIX + name, hfShape(name, array.getShape()));
        byFileName.put(PREFIX + name, array);
      });
      // Write beside the target, then rename, so a crash never leaves a half-written checkpoint.
      Path weights = dir.resolve(WEIGHTS);
      Path partial = dir.resolve(WEIGHTS + ".partial");
      Safetensors.write(partial, shapes, fileName -> {
        NDArray array = byFileName.get(fileName);
        float[] values = array.toFloatArray();
        long[] shape = array.getShape().getShape();
        return isConv1d(fileName) ? transpose(values, (int) shape[0], (int) shape[1]) : values;
      });
      Path configPartial = dir.resolve(CONFIG + ".partial");
      model.config().write(configPartial);
      Files.move(partial, weights, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(configPartial, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("cannot write checkpoint: no such folder " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The shape Hugging Face stores: ours, with the Conv1D weights as (in, out). */
  private static long[] hfShape(String name, Shape shape) {
    long[] dims = shape.getShape();
    return isConv1d(name) ? new long[] {dims[1], dims[0]} : dims;
  }

  /** A row-major (rows, cols) matrix as (cols, rows). */
  static float[] transpose(float[] values, int rows, int cols) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = values[r * cols + c];
      }
    }
    return out;
  }
}
