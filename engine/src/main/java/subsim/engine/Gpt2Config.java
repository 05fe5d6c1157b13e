package subsim.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a GPT-2 network, as in Hugging Face's {@code config.json}.
 *
 * @param nLayer transformer blocks
 * @param nHead attention heads per block; must divide {@code nEmbd}
 * @param nEmbd model width
 * @param nPositions context length (learned position embeddings)
 * @param vocabSize token ids; 50257 for GPT-2's tokenizer
 * @param layerNormEpsilon added to the variance in every layer norm
 */
public record Gpt2Config(int nLayer, int nHead, int nEmbd, int nPositions, int vocabSize, double layerNormEpsilon) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Gpt2Config {
    positive("n_layer", nLayer);
    positive("n_head", nHead);
    positive("n_embd", nEmbd);
    positive("n_positions", nPositions);
    if (nPositions < 2) {
      // A position predicts the next one: one position alone can neither be scored nor carried past a full context.
      throw new IllegalArgumentException("n_positions must be at least 2, got " + nPositions);
    }
    positive("vocab_size", vocabSize);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException("n_head " + nHead + " does not divide n_embd " + nEmbd);
    }
    if (!(layerNormEpsilon > 0 && layerNormEpsilon < 1)) {
      throw new IllegalArgumentException("layer_norm_epsilon must be in (0, 1), got " + layerNormEpsilon);
    }
  }

  /** The width of one attention head. */
  public int headSize() {
    return nEmbd / nHead;
  }

  /** The sizes {@link #named} knows: the test size and OpenAI's four. */
  public static final List<String> NAMED_SIZES = List.of("tiny", "124M", "355M", "774M", "1558M");

  /** Whether {@code name} is one of {@link #NAMED_SIZES}, in any case. */
  public static boolean isNamed(String name) {
    return NAMED_SIZES.stream().anyMatch(size -> size.equalsIgnoreCase(name));
  }

  /** The named sizes: {@code tiny} (tests and quick runs) and OpenAI's four GPT-2 releases. */
  public static Gpt2Config named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tiny" -> new Gpt2Config(2, 2, 128, 128, 50257, 1e-5);
      case "124m" -> new Gpt2Config(12, 12, 768, 1024, 50257, 1e-5);
      case "355m" -> new Gpt2Config(24, 16, 1024, 1024, 50257, 1e-5);
      case "774m" -> new Gpt2Config(36, 20, 1280, 1024, 50257, 1e-5);
      case "1558m" -> new Gpt2Config(48, 25, 1600, 1024, 50257, 1e-5);
      default -> throw new IllegalArgumentException(
          "unknown model size '" + name + "' (expected tiny, 124M, 355M, 774M or 1558M)");
    };
  }

  /** Reads a Hugging Face {@code config.json}; errors name the file and the field. */
  public static Gpt2Config read(Path configJson) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(configJson));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("model config not found: " + configJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(configJson + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configJson + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(configJson + ": expected a JSON object");
    }
    // Another activation would be read without complaint and computed as gelu_new: wrong numbers, no error.
    String activation = root.path("activation_function").asText("gelu_new");
    if (!activation.equals("gelu_new")) {
      throw new IllegalArgumentException(configJson + ": activation_function \"" + activation + "\" is not GPT-2's"
          + " gelu_new, the only one this engine computes");
    }
    try {
      return new Gpt2Config(
          intField(root, "n_layer"),
          intField(root, "n_head"),
          intField(root, "n_embd"),
          intField(root, "n_positions"),
          intField(root, "vocab_size"),
          root.has("layer_norm_epsilon") ? root.get("layer_norm_epsilon").asDouble() : 1e-5);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
    }
  }

  /** Writes a {@code config.json} that Hugging Face transformers loads as a {@code GPT2LMHeadModel}. */
  public void write(Path configJson) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model_type", "gpt2");
    root.putArray("architectures").add("GPT2LMHeadModel");
    root.put("activation_function", "gelu_new");
    root.put("n_layer", nLayer);
    root.put("n_head", nHead);
    root.put("n_embd", nEmbd);
    root.put("n_positions", nPositions);
    root.put("n_ctx", nPositions);
    root.put("vocab_size", vocabSize);
    root.put("layer_norm_epsilon", layerNormEpsilon);
    root.put("bos_token_id", Tokenizer.END_OF_TEXT);
    root.put("eos_token_id", Tokenizer.END_OF_TEXT);
    root.put("tie_word_embeddings", true);
    root.put("torch_dtype", "float32");
    try {
      Files.writeString(configJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configJson + ": " + e.getMessage(), e);
    }
  }

  private static int intField(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException("field " + field + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }
}
