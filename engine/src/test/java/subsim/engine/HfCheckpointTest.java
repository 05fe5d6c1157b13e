package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCheckpointTest {

  @Test
  void exportThenImportIsBitExact(@TempDir Path dir) {
    try (Gpt2Model original = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      original.save(dir);
      try (Gpt2Model copy = Gpt2Model.load(dir)) {
        assertEquals(original.config(), copy.config());
        original.parameters().forEach((name, array) ->
            assertArrayEquals(array.toFloatArray(), copy.parameters().get(name).toFloatArray(), name));
      }
    }
  }

  @Test
  void savesTheLayoutHuggingFaceWrites(@TempDir Path dir) throws IOException {
    try (Gpt2Model model = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      model.save(dir);
    }
    Map<String, JsonNode> saved = header(dir.resolve("model.safetensors"));
    Map<String, JsonNode> reference = header(Fixtures.gpt2Tiny().resolve("model.safetensors"));
    reference.keySet().removeIf(name -> name.endsWith(".attn.bias") || name.equals("lm_head.weight"));
    assertEquals(reference.keySet(), saved.keySet());
    saved.forEach((name, entry) -> assertEquals(reference.get(name).get("shape"), entry.get("shape"), name));
    // The saved bytes equal the reference file's, tensor by tensor: Conv1D weights went back to (in, out).
    assertArrayEquals(tensorBytes(Fixtures.gpt2Tiny().resolve("model.safetensors"), "transformer.h.1.attn.c_attn.weight"),
        tensorBytes(dir.resolve("model.safetensors"), "transformer.h.1.attn.c_attn.weight"));
  }

  @Test
  void loadsNamesWithoutPrefixAndSkipsMaskBuffers(@TempDir Path dir) throws IOException {
    rewrite(dir, name -> name.replace("transformer.", ""), "F32", Map.of("h.0.attn.masked_bias", new long[] {1}));
    try (Gpt2Model copy = Gpt2Model.load(dir); Gpt2Model original = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      assertArrayEquals(original.parameters().get("h.0.mlp.c_fc.weight").toFloatArray(),
          copy.parameters().get("h.0.mlp.c_fc.weight").toFloatArray());
    }
  }

  @Test
  void convertsHalfAndBfloat16(@TempDir Path dir) throws IOException {
    for (String dtype : new String[] {"F16", "BF16"}) {
      Path out = dir.resolve(dtype);
      rewrite(out, UnaryOperator.identity(), dtype, Map.of());
      try (Gpt2Model copy = Gpt2Model.load(out); Gpt2Model original = Gpt2Model.load(Fixtures.gpt2Tiny())) {
        float[] want = original.parameters().get("wte.weight").toFloatArray();
        float[] got = copy.parameters().get("wte.weight").toFloatArray();
        for (int i = 0; i < want.length; i++) {
          assertEquals(round(want[i], dtype), got[i], 0f, dtype + " element " + i);
        }
      }
    }
  }

  @Test
  void missingTensorNamesItAndBothShapes(@TempDir Path dir) throws IOException {
    rewrite(dir, name -> name.equals("transformer.h.1.ln_2.bias") ? null : name, "F32", Map.of());
    CheckpointException e = assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir));
    assertTrue(e.getMessage().contains("missing tensor h.1.ln_2.bias (expected shape [64], actual: none)"), e.getMessage());
  }

  @Test
  void unexpectedTensorIsAnError(@TempDir Path dir) throws IOException {
    rewrite(dir, UnaryOperator.identity(), "F32", Map.of("transformer.h.2.ln_1.weight", new long[] {64}));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir));
    assertTrue(e.getMessage().contains("unexpected tensor transformer.h.2.ln_1.weight with shape [64]"), e.getMessage());
  }

  @Test
  void misShapedTensorNamesBothShapes(@TempDir Path dir) throws IOException {
    rewrite(dir, UnaryOperator.identity(), "F32", Map.of());
    String config = Files.readString(dir.resolve("config.json")).replace("\"n_positions\": 128", "\"n_positions\": 256");
    Files.writeString(dir.resolve("config.json"), config);
    CheckpointException e = assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir));
    assertTrue(e.getMessage().contains("tensor transformer.wpe.weight has shape [128, 64] but config.json implies [256, 64]"),
        e.getMessage());
  }

  @Test
  void missingFilesNameThePath(@TempDir Path dir) throws IOException {
    CheckpointException folder = assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir.resolve("none")));
    assertEquals("model folder not found: " + dir.resolve("none"), folder.getMessage());
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    CheckpointException weights = assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir));
    assertTrue(weights.getMessage().startsWith("checkpoint not found: " + dir.resolve("model.safetensors")),
        weights.getMessage());
  }

  @Test
  void loadsShardsThroughTheirIndex(@TempDir Path dir) throws IOException {
    writeIndex(dir, shard(dir, 3));
    try (Gpt2Model copy = Gpt2Model.load(dir); Gpt2Model original = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      original.parameters().forEach((name, array) ->
          assertArrayEquals(array.toFloatArray(), copy.parameters().get(name).toFloatArray(), name));
    }
  }

  @Test
  void shardErrorsNameTheIndexAndTheShard(@TempDir Path dir) throws IOException {
    Path index = dir.resolve("model.safetensors.index.json");
    Map<String, String> weightMap = shard(dir, 2);
    String second = "model-00002-of-00002.safetensors";

    String inFirst = weightMap.keySet().iterator().next();
    Map<String, String> misplaced = new LinkedHashMap<>(weightMap);
    misplaced.put(inFirst, second);
    writeIndex(dir, misplaced);
    assertEquals(index + ": lists tensor " + inFirst + " in " + second + ", which does not hold it",
        assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage());

    Map<String, String> escaping = new LinkedHashMap<>(weightMap);
    escaping.put("transformer.wte.weight", "../model.safetensors");
    writeIndex(dir, escaping);
    assertTrue(assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage()
        .startsWith(index + ": weight_map.transformer.wte.weight is \"../model.safetensors\", not the file name"));

    writeIndex(dir, weightMap);
    Files.delete(dir.resolve(second));
    assertEquals("checkpoint shard not found: " + dir.resolve(second) + " (listed in " + index + ")",
        assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage());
  }

  @Test
  void tensorMissingFromEveryShardNamesTheIndex(@TempDir Path dir) throws IOException {
    Path source = Fixtures.gpt2Tiny().resolve("model.safetensors");
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Safetensors tensors = Safetensors.open(source)) {
      for (Safetensors.Entry entry : tensors.entries().values()) {
        if (!entry.name().equals("transformer.ln_f.bias")) {
          shapes.put(entry.name(), entry.shape());
          values.put(entry.name(), tensors.readFloats(entry));
        }
      }
    }
    Safetensors.write(dir.resolve("model-00001-of-00001.safetensors"), shapes, values::get);
    Map<String, String> weightMap = new LinkedHashMap<>();
    shapes.keySet().forEach(name -> weightMap.put(name, "model-00001-of-00001.safetensors"));
    writeIndex(dir, weightMap);
    assertTrue(assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage()
        .startsWith(dir.resolve("model.safetensors.index.json") + ": missing tensor ln_f.bias"));
  }

  @Test
  void loadsPickledPytorchModelBin(@TempDir Path dir) throws IOException {
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Files.copy(Fixtures.gpt2TinyTorch(), dir.resolve("pytorch_model.bin"));
    try (Gpt2Model copy = Gpt2Model.load(dir); Gpt2Model original = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      original.parameters().forEach((name, array) -> {
        float[] want = array.toFloatArray();
        float[] got = copy.parameters().get(name).toFloatArray();
        // The fixture stores wpe as half and one gain as bfloat16; everything else is float32, bit for bit.
        double relative = name.equals("wpe.weight") ? 0x1p-11 : name.equals("h.0.ln_1.weight") ? 0x1p-7 : 0;
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], Math.abs(want[i]) * relative + (relative > 0 ? 0x1p-24 : 0), name + " " + i);
        }
      });
    }
  }

  @Test
  void aTensorPastTheEndOfItsStorageNamesTheTensorAndTheSizes(@TempDir Path dir) throws IOException {
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Path file = dir.resolve("pytorch_model.bin");
    // Storage 0 holds ln_f's weight and bias (64 floats each); cut it after the weight.
    try (ZipFile source = new ZipFile(Fixtures.gpt2TinyTorch().toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (ZipEntry entry : java.util.Collections.list(source.entries())) {
        byte[] bytes = source.getInputStream(entry).readAllBytes();
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(entry.getName().equals("pytorch_model/data/0") ? java.util.Arrays.copyOf(bytes, 256) : bytes);
        out.closeEntry();
      }
    }
    assertEquals(file + ": tensor transformer.ln_f.bias needs bytes 256 to 512 of storage 0, which holds 256",
        assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage());
  }

  @Test
  void pickledCheckpointErrorsNameTheFile(@TempDir Path dir) throws IOException {
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Files.writeString(dir.resolve("pytorch_model.bin"), "not a zip");
    assertTrue(assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage()
        .startsWith(dir.resolve("pytorch_model.bin") + ": not a zip archive; only torch.save's format since"));
    Files.delete(dir.resolve("pytorch_model.bin"));
    assertEquals("checkpoint not found: " + dir.resolve("model.safetensors")
            + " (nor model.safetensors.index.json, pytorch_model.bin or its index in that folder)",
        assertThrows(CheckpointException.class, () -> Gpt2Model.load(dir)).getMessage());
  }

  /**
   * Copies the fixture's config to {@code dir} and its tensors, in file order, into {@code count} shards named the
   * way Hugging Face names them; returns the weight map of their index (not written).
   */
  private static Map<String, String> shard(Path dir, int count) throws IOException {
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Map<String, String> weightMap = new LinkedHashMap<>();
    try (Safetensors tensors = Safetensors.open(Fixtures.gpt2Tiny().resolve("model.safetensors"))) {
      var entries = List.copyOf(tensors.entries().values());
      for (int i = 0; i < count; i++) {
        String file = String.format("model-%05d-of-%05d.safetensors", i + 1, count);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Safetensors.Entry entry : entries.subList(i * entries.size() / count, (i + 1) * entries.size() / count)) {
          shapes.put(entry.name(), entry.shape());
          values.put(entry.name(), tensors.readFloats(entry));
          weightMap.put(entry.name(), file);
        }
        Safetensors.write(dir.resolve(file), shapes, values::get);
      }
    }
    return weightMap;
  }

  private static void writeIndex(Path dir, Map<String, String> weightMap) throws IOException {
    ObjectMapper json = new ObjectMapper();
    var index = json.createObjectNode();
    index.putObject("metadata").put("total_size", 0);
    weightMap.forEach(index.putObject("weight_map")::put);
    Files.write(dir.resolve("model.safetensors.index.json"), json.writeValueAsBytes(index));
  }

  /** Copies the fixture to {@code dir} with renamed tensors (null drops one), another dtype and extra zero tensors. */
  private static void rewrite(Path dir, UnaryOperator<String> rename, String dtype, Map<String, long[]> extra)
      throws IOException {
    Files.createDirectories(dir);
    Files.copy(Fixtures.gpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    Path source = Fixtures.gpt2Tiny().resolve("model.safetensors");
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Safetensors tensors = Safetensors.open(source)) {
      for (Safetensors.Entry entry : tensors.entries().values()) {
        String name = rename.apply(entry.name());
        if (name != null) {
          shapes.put(name, entry.shape());
          values.put(name, tensors.readFloats(entry));
        }
      }
    }
    extra.forEach((name, shape) -> {
      shapes.put(name, shape);
      values.put(name, new float[(int) Safetensors.elements(shape)]);
    });
    writeRaw(dir.resolve("model.safetensors"), shapes, values, dtype);
  }

  private static void writeRaw(Path file, Map<String, long[]> shapes, Map<String, float[]> values, String dtype)
      throws IOException {
    int width = dtype.equals("F32") ? 4 : 2;
    ObjectMapper json = new ObjectMapper();
    var header = json.createObjectNode();
    long offset = 0;
    for (var e : shapes.entrySet()) {
      long size = width * Safetensors.elements(e.getValue());
      var node = header.putObject(e.getKey()).put("dtype", dtype);
      for (long d : e.getValue()) {
        node.withArray("shape").add(d);
      }
      node.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] head = json.writeValueAsBytes(header);
    ByteBuffer out = ByteBuffer.allocate((int) (8 + head.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(head.length).put(head);
    for (String name : shapes.keySet()) {
      for (float v : values.get(name)) {
        switch (dtype) {
          case "F32" -> out.putFloat(v);
          case "BF16" -> out.putShort((short) (Float.floatToIntBits(v) >>> 16));
          default -> out.putShort(toHalf(v));
        }
      }
    }
    Files.write(file, out.array());
  }

  private static float round(float v, String dtype) {
    return dtype.equals("BF16")
        ? Float.intBitsToFloat(Float.floatToIntBits(v) & 0xffff0000)
        : Safetensors.halfToFloat(toHalf(v));
  }

  /** float32 to binary16, round to nearest even, for normal values (the fixture's range). */
  private static short toHalf(float v) {
    int bits = Float.floatToIntBits(v);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
    int mantissa = bits & 0x7fffff;
    if (exponent <= 0) {
      return (short) sign; // flush tiny values to zero; the reader's subnormal path is checked below
    }
    int half = sign | (exponent << 10) | (mantissa >>> 13);
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) half;
  }

  @Test
  void decodesHalfPrecisionSpecialValues() {
    assertEquals(1f, Safetensors.halfToFloat((short) 0x3c00));
    assertEquals(-2f, Safetensors.halfToFloat((short) 0xc000));
    assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001));
    assertEquals(65504f, Safetensors.halfToFloat((short) 0x7bff));
    assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7c00));
  }

  private static Map<String, JsonNode> header(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode root = new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("__metadata__")) {
        entries.put(e.getKey(), e.getValue());
      }
    });
    assertEquals(0, (8 + length) % 8, "data section is 8-byte aligned");
    return entries;
  }

  private static byte[] tensorBytes(Path file, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode offsets = header(file).get(name).get("data_offsets");
    int begin = (int) (8 + length + offsets.get(0).asLong());
    int end = (int) (8 + length + offsets.get(1).asLong());
    return java.util.Arrays.copyOfRange(bytes, begin, end);
  }
}
