package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face GPT-2 checkpoints ({@code config.json} + {@code model.safetensors}, its shards, or a pickled
 * {@code pytorch_model.bin}) to and from {@link Gpt2Model}: the whole name map, the Conv1D transposes and a shape
 * check on every tensor.
 */
final class HfCheckpoint {

  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.safetensors";
  static final String INDEX = "model.safetensors.index.json";
  static final String TORCH_WEIGHTS = "pytorch_model.bin";

  private static final ObjectMapper JSON = new ObjectMapper();

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
      throw new CheckpointException(Files.exists(dir)
          ? dir + ": not a folder (a model folder holds config.json and model.safetensors)"
          : "model folder not found: " + dir);
    }
    Gpt2Config config = Gpt2Config.read(dir.resolve(CONFIG));
    WeightFiles weights = weightFiles(dir);
    NDManager manager = Torch.newManager();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Map<String, List<Located>> byFile = new LinkedHashMap<>();
      for (Path file : weights.files()) {
        byFile.put(file.getFileName().toString(), tensorsOf(file, opened));
      }
      weights.checkAgainst(byFile);
      Map<String, Shape> expected = Gpt2Model.parameterShapes(config);
      Map<String, Located> found = byParameterName(byFile.values(), expected);
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      for (Map.Entry<String, Shape> parameter : expected.entrySet()) {
        String name = parameter.getKey();
        long[] hfShape = hfShape(name, parameter.getValue());
        Located tensor = found.get(name);
        if (tensor == null) {
          throw new CheckpointException(weights.source() + ": missing tensor " + name + " (expected shape "
              + Arrays.toString(hfShape) + ", actual: none)");
        }
        if (!Arrays.equals(tensor.shape(), hfShape)) {
          throw new CheckpointException(tensor.file() + ": tensor " + tensor.name() + " has shape "
              + Arrays.toString(tensor.shape()) + " but config.json implies " + Arrays.toString(hfShape));
        }
        float[] values;
        try {
          values = tensor.values().read();
        } catch (IOException e) {
          throw new CheckpointException(tensor.file() + ": cannot read tensor " + tensor.name() + ": " + reason(e), e);
        }
        if (isConv1d(name)) {
          values = transpose(values, (int) hfShape[0], (int) hfShape[1]);
        }
        parameters.put(name, manager.create(values, parameter.getValue()));
      }
      return new Gpt2Model(config, manager, parameters);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    } finally {
      closeAll(opened);
    }
  }

  /** Reads a tensor's values as float32 from the file that holds it. */
  private interface FloatsReader {
    float[] read() throws IOException;
  }

  /** A tensor as its file stores it: the file, its stored name and shape, and how to read it. */
  private record Located(Path file, String name, long[] shape, FloatsReader values) {}

  /**
   * The weight files of a folder, in the order transformers prefers them: {@code model.safetensors}, its shards
   * listed by {@code model.safetensors.index.json} (written for models over the shard size), then the pickled
   * {@code pytorch_model.bin} and its shards.
   *
   * @param source the file that error messages name for the checkpoint as a whole
   * @param weightMap tensor name to shard file name; empty for a single file
   */
  private record WeightFiles(Path source, List<Path> files, Map<String, String> weightMap) {

    /** Every tensor the index lists must be in the shard it names, or the index and the shards disagree. */
    void checkAgainst(Map<String, List<Located>> byShard) {
      weightMap.forEach((tensor, shard) -> {
        if (byShard.get(shard).stream().noneMatch(located -> located.name().equals(tensor))) {
          throw new CheckpointException(source + ": lists tensor " + tensor + " in " + shard
              + ", which does not hold it");
        }
      });
    }
  }

  private static WeightFiles weightFiles(Path dir) {
    for (String single : List.of(WEIGHTS, TORCH_WEIGHTS)) {
      Path file = dir.resolve(single);
      if (Files.isRegularFile(file)) {
        return new WeightFiles(file, List.of(file), Map.of());
      }
      Path index = dir.resolve(single + ".index.json");
      if (Files.isRegularFile(index)) {
        return shards(dir, index);
      }
    }
    throw new CheckpointException("checkpoint not found: " + dir.resolve(WEIGHTS) + " (nor " + INDEX + ", "
        + TORCH_WEIGHTS + " or its index in that folder)");
  }

  private static WeightFiles shards(Path dir, Path index) {
    JsonNode map;
    try {
      map = JSON.readTree(index.toFile()).path("weight_map");
    } catch (IOException e) {
      throw new CheckpointException(index + ": not a checkpoint index: " + e.getMessage(), e);
    }
    if (!map.isObject() || map.isEmpty()) {
      throw new CheckpointException(index + ": no weight_map object naming the shard of each tensor");
    }
    Map<String, String> weightMap = new LinkedHashMap<>();
    Set<Path> shards = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> tensor = it.next();
      String shard = tensor.getValue().asText("");
      // Shards sit beside the index; a name that leads elsewhere is refused rather than followed.
      if (!tensor.getValue().isTextual() || !isPlainFileName(shard)) {
        throw new CheckpointException(index + ": weight_map." + tensor.getKey() + " is " + tensor.getValue()
            + ", not the file name of a shard in " + dir);
      }
      Path file = dir.resolve(shard);
      if (!Files.isRegularFile(file)) {
        throw new CheckpointException("checkpoint shard not found: " + file + " (listed in " + index + ")");
      }
      weightMap.put(tensor.getKey(), shard);
      shards.add(file);
    }
    return new WeightFiles(index, List.copyOf(shards), weightMap);
  }

  /** An I/O error in words: Java's file-system exceptions carry only the path as their message. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static boolean isPlainFileName(String name) {
    return !name.isEmpty() && !name.equals("..") && !name.contains("/") && !name.contains("\\")
        && !name.contains("\0");
  }

  /** The tensors of one file, safetensors or else torch.save's zip; the open file joins {@code opened}. */
  private static List<Located> tensorsOf(Path file, List<AutoCloseable> opened) {
    try {
      return open(file, opened);
    } catch (IOException e) {
      throw new CheckpointException(file + ": " + reason(e), e);
    }
  }

  private static List<Located> open(Path file, List<AutoCloseable> opened) throws IOException {
    List<Located> tensors = new ArrayList<>();
    if (file.getFileName().toString().endsWith(".safetensors")) {
      Safetensors safetensors = Safetensors.open(file);
      opened.add(safetensors);
      safetensors.entries().values().forEach(entry -> tensors.add(
          new Located(file, entry.name(), entry.shape(), () -> safetensors.readFloats(entry))));
    } else {
      TorchZip torch = TorchZip.open(file);
      opened.add(torch);
      torch.entries().values().forEach(entry -> tensors.add(
          new Located(file, entry.name(), entry.shape(), () -> torch.readFloats(entry))));
    }
    return tensors;
  }

  private static void closeAll(List<AutoCloseable> files) {
    for (AutoCloseable file : files) {
      try {
        file.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close a checkpoint file: " + e.getMessage(), e);
      }
    }
  }

  /** The files' tensors by parameter name; buffers dropped, anything unknown an error. */
  private static Map<String, Located> byParameterName(Collection<List<Located>> files, Map<String, Shape> expected) {
    Map<String, Located> found = new HashMap<>();
    for (List<Located> file : files) {
      for (Located tensor : file) {
        String name = tensor.name().startsWith(PREFIX) ? tensor.name().substring(PREFIX.length()) : tensor.name();
        if (isBuffer(name)) {
          continue;
        }
        if (name.equals("lm_head.weight")) {
          // The LM head is tied to wte (Hugging Face re-ties it on load too); only its shape is checked.
          long[] wte = hfShape("wte.weight", expected.get("wte.weight"));
          if (!Arrays.equals(tensor.shape(), wte)) {
            throw new CheckpointException(tensor.file() + ": tensor lm_head.weight has shape "
                + Arrays.toString(tensor.shape()) + " but the tied wte.weight is " + Arrays.toString(wte));
          }
          continue;
        }
        if (!expected.containsKey(name)) {
          throw new CheckpointException(tensor.file() + ": unexpected tensor " + tensor.name() + " with shape "
              + Arrays.toString(tensor.shape()) + " (expected shape: none, GPT-2 has no such parameter)");
        }
        Located earlier = found.put(name, tensor);
        if (earlier != null) {
          throw new CheckpointException(tensor.file() + ": tensor " + name + " appears twice (as "
              + earlier.name() + " in " + earlier.file().getFileName() + " and as " + tensor.name() + " in "
              + tensor.file().getFileName() + ")");
        }
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
