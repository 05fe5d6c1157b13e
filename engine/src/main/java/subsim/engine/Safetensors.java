package subsim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The safetensors file format: an 8-byte little-endian header length, a JSON header of
 * {@code name -> {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes.
 */
final class Safetensors implements AutoCloseable {

  /** One tensor's header entry; offsets are relative to the start of the data section. */
  record Entry(String name, String dtype, long[] shape, long begin, long end) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  /** Opens a file and reads its header; a malformed header is an error naming the file. */
  static Safetensors open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, length, 0);
      long headerLength = length.flip().getLong();
      if (headerLength <= 0 || 8 + headerLength > channel.size() || headerLength > Integer.MAX_VALUE) {
        throw new CheckpointException(file + ": not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().equals("__metadata__")) {
          entries.put(field.getKey(), entry(file, field.getKey(), field.getValue(), channel.size() - dataStart));
        }
      }
      return new Safetensors(file, channel, dataStart, entries);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
        throw new CheckpointException(file + ": bad safetensors header: " + json.getOriginalMessage());
      }
      throw e;
    }
  }

  Path file() {
    return file;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** A tensor's values as float32, converted in Java from F16 or BF16 (DJL's BF16 path crashes the JVM). */
  float[] readFloats(Entry entry) throws IOException {
    if (!isFloatType(entry.dtype())) {
      throw new CheckpointException(file + ": tensor " + entry.name() + " has unsupported dtype "
          + entry.dtype() + " (expected F32, F16 or BF16)");
    }
    int bytes = Math.toIntExact(entry.end() - entry.begin());
    ByteBuffer raw = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, raw, dataStart + entry.begin());
    return toFloats(raw.flip(), entry.dtype(), Math.toIntExact(elements(entry.shape())));
  }

  static boolean isFloatType(String dtype) {
    return dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16");
  }

  /** {@code count} little-endian values of a {@linkplain #isFloatType float type} as float32. */
  static float[] toFloats(ByteBuffer raw, String dtype, int count) {
    float[] values = new float[count];
    ByteBuffer in = raw.order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case "F32" -> in.asFloatBuffer().get(values);
      case "F16" -> {
        for (int i = 0; i < count; i++) {
          values[i] = halfToFloat(in.getShort());
        }
      }
      case "BF16" -> {
        for (int i = 0; i < count; i++) {
          values[i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
        }
      }
      default -> throw new IllegalArgumentException("not a float type: " + dtype);
    }
    return values;
  }

  /**
   * Writes float32 tensors, streaming one at a time so a large model is never copied whole.
   *
   * @param shapes tensor names and shapes, in file order
   * @param data the values of one tensor, by name, row-major
   */
  static void write(Path file, Map<String, long[]> shapes, Function<String, float[]> data) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, long[]> tensor : shapes.entrySet()) {
      long size = 4 * elements(tensor.getValue());
      ObjectNode node = header.putObject(tensor.getKey());
      node.put("dtype", "F32");
      Arrays.stream(tensor.getValue()).forEach(node.putArray("shape")::add);
      node.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // The data section starts 8-byte aligned, as the reference writer pads it, with spaces.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(out, head.flip());
      for (String name : shapes.keySet()) {
        float[] values = data.apply(name);
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        floats.put(values);
        writeFully(out, bytes);
      }
      out.force(true);
    }
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static Entry entry(Path file, String name, JsonNode node, long dataLength) {
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    String dtype = node.path("dtype").asText("");
    if (shape == null || !shape.isArray() || offsets == null || offsets.size() != 2) {
      throw new CheckpointException(file + ": tensor " + name + " has a malformed header entry " + node);
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong();
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    int width = switch (dtype) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      default -> 0;
    };
    if (begin < 0 || end > dataLength || end < begin || (width > 0 && end - begin != width * elements(dims))) {
      throw new CheckpointException(file + ": tensor " + name + " has data_offsets [" + begin + ", " + end
          + "] that do not fit its shape " + Arrays.toString(dims) + " and dtype " + dtype
          + " in a data section of " + dataLength + " bytes");
    }
    return new Entry(name, dtype, dims, begin, end);
  }

  /** IEEE 754 binary16 to float32 (Java 17 lacks Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f; // subnormal
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
