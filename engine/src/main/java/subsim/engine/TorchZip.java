package subsim.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * PyTorch's checkpoint format since 1.6 ({@code torch.save}, e.g. {@code pytorch_model.bin}): a zip holding
 * {@code <archive>/data.pkl}, the pickled state dict, and each tensor storage's raw bytes at
 * {@code <archive>/data/<key>}. Read without running any pickled code: only tensors and ordered dicts are built.
 */
final class TorchZip implements AutoCloseable {

  /** One tensor of the state dict: a contiguous run of {@code shape}'s elements in a storage, from an offset. */
  record Entry(String name, String dtype, long[] shape, String storage, long offset) {}

  /** A storage as its persistent id names it; dtype in safetensors' spelling where it is a float type. */
  private record Storage(String key, String dtype) {}

  private record Tensor(Storage storage, long offset, long[] shape) {}

  private static final Map<String, String> FLOAT_STORAGES = Map.of(
      "FloatStorage", "F32", "HalfStorage", "F16", "BFloat16Storage", "BF16");

  private final Path file;
  private final ZipFile zip;
  private final String archive;
  private final Map<String, Entry> entries;

  private TorchZip(Path file, ZipFile zip, String archive, Map<String, Entry> entries) {
    this.file = file;
    this.zip = zip;
    this.archive = archive;
    this.entries = entries;
  }

  /** Opens a checkpoint and reads its state dict; errors name the file and, where one is at fault, the entry. */
  static TorchZip open(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new CheckpointException(file + ": not a zip archive; only torch.save's format since PyTorch 1.6 is"
          + " read (re-save it with a current PyTorch, or save_pretrained(safe_serialization=True))");
    }
    try {
      ZipEntry pickle = zip.stream().filter(e -> e.getName().endsWith("data.pkl")).findFirst()
          .orElseThrow(() -> new CheckpointException(file + ": no data.pkl inside; not a torch.save checkpoint"));
      String archive = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
      byte[] bytes;
      try (InputStream in = zip.getInputStream(pickle)) {
        bytes = in.readAllBytes();
      }
      Object root;
      try {
        root = Unpickler.load(bytes, new StateDictResolver());
      } catch (IOException e) {
        throw new CheckpointException(file + ": " + pickle.getName() + ": " + e.getMessage(), e);
      }
      return new TorchZip(file, zip, archive, entries(file, root));
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static Map<String, Entry> entries(Path file, Object root) {
    if (!(root instanceof Map<?, ?> dict)) {
      throw new CheckpointException(file + ": holds a " + (root == null ? "None" : root.getClass().getSimpleName())
          + ", not a state dict of tensors");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    dict.forEach((key, value) -> {
      if (!(key instanceof String name) || !(value instanceof Tensor tensor)) {
        throw new CheckpointException(file + ": state dict entry " + key + " is not a tensor");
      }
      entries.put(name, new Entry(name, tensor.storage().dtype(), tensor.shape(), tensor.storage().key(),
          tensor.offset()));
    });
    return Collections.unmodifiableMap(entries);
  }

  Path file() {
    return file;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** A tensor's values as float32, converted in Java from half or bfloat16 storages. */
  float[] readFloats(Entry entry) throws IOException {
    if (!Safetensors.isFloatType(entry.dtype())) {
      throw new CheckpointException(file + ": tensor " + entry.name() + " has unsupported storage type "
          + entry.dtype() + " (expected FloatStorage, HalfStorage or BFloat16Storage)");
    }
    int width = entry.dtype().equals("F32") ? 4 : 2;
    int count = Math.toIntExact(Safetensors.elements(entry.shape()));
    ZipEntry data = zip.getEntry(archive + "data/" + entry.storage());
    if (data == null) {
      throw new CheckpointException(file + ": tensor " + entry.name() + " refers to storage " + entry.storage()
          + ", which the archive does not hold");
    }
    long start = entry.offset() * width;
    long end = start + (long) count * width;
    if (entry.offset() < 0 || data.getSize() >= 0 && end > data.getSize()) {
      throw new CheckpointException(file + ": tensor " + entry.name() + " needs bytes " + start + " to " + end
          + " of storage " + entry.storage() + ", which holds " + data.getSize());
    }
    byte[] bytes;
    try (InputStream in = zip.getInputStream(data)) {
      in.skipNBytes(start);
      bytes = in.readNBytes(count * width);
    }
    if (bytes.length != count * width) {
      throw new CheckpointException(file + ": tensor " + entry.name() + " needs bytes " + start + " to " + end
          + " of storage " + entry.storage() + ", which ends sooner");
    }
    return Safetensors.toFloats(ByteBuffer.wrap(bytes), entry.dtype(), count);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  /** Builds what a state dict's pickle calls for: ordered dicts, tensors and parameters, storages. */
  private static final class StateDictResolver implements Unpickler.Resolver {

    @Override
    public Object call(Unpickler.Global callable, List<Object> args) throws IOException {
      return switch (callable.toString()) {
        case "collections.OrderedDict" -> new LinkedHashMap<>();
        case "torch._utils._rebuild_tensor_v2" -> tensor(args);
        case "torch._utils._rebuild_parameter" -> args.get(0);
        default -> throw new IOException("calls " + callable + ", which a state dict of tensors does not need");
      };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)}. */
    private static Tensor tensor(List<Object> args) throws IOException {
      if (args.size() < 4 || !(args.get(0) instanceof Storage storage) || !(args.get(1) instanceof Long offset)) {
        throw new IOException("malformed tensor arguments " + args);
      }
      long[] shape = longs(args.get(2));
      long[] stride = longs(args.get(3));
      long expected = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        // A dimension of size 1 may carry any stride; every other one must step over the dimensions after it.
        if (shape[d] != 1 && stride[d] != expected) {
          throw new IOException("a tensor of shape " + Arrays.toString(shape) + " has strides "
              + Arrays.toString(stride) + "; only contiguous tensors are read");
        }
        expected *= shape[d];
      }
      return new Tensor(storage, offset, shape);
    }

    private static long[] longs(Object tuple) throws IOException {
      if (!(tuple instanceof List<?> items)) {
        throw new IOException("expected a tuple of ints, found " + tuple);
      }
      long[] out = new long[items.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(items.get(i) instanceof Long value)) {
          throw new IOException("expected a tuple of ints, found " + tuple);
        }
        out[i] = value;
      }
      return out;
    }

    /** torch's persistent id: {@code ('storage', torch.<Type>Storage, key, location, numel)}. */
    @Override
    public Object persistentLoad(Object id) throws IOException {
      if (!(id instanceof List<?> fields) || fields.size() < 3 || !"storage".equals(fields.get(0))
          || !(fields.get(1) instanceof Unpickler.Global type) || !(fields.get(2) instanceof String key)) {
        throw new IOException("unexpected persistent id " + id);
      }
      return new Storage(key, FLOAT_STORAGES.getOrDefault(type.name(), type.name()));
    }
  }
}
