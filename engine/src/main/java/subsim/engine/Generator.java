package subsim.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates text from a prompt with a KV cache: one prefill of the prompt, then one position per step
 * for all samples at once (the batch axis). One call at a time per model.
 */
public final class Generator {

  private final Gpt2Model model;
  private final Tokenizer tokenizer;

  public Generator(Gpt2Model model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  public List<Sample> generate(String prompt, GenerationOptions options) {
    return generate(tokenizer.encode(prompt), options, TokenListener.NONE);
  }

  /**
   * Generates {@code options.samples()} continuations of {@code promptIds}.
   *
   * <p>An empty prompt starts from {@code <|endoftext|>}, as GPT-2's unconditional samples do. When the
   * context fills up, the cache is rebuilt from the last half-context of tokens, so any length works.
   *
   * @param listener told of each new token, in order, before the call returns
   * @return one sample per batch row; ids are the new tokens, cut at end-of-text or the stop text
   */
  public List<Sample> generate(int[] promptIds, GenerationOptions options, TokenListener listener) {
    return Torch.withoutGradients(() -> decode(promptIds, options, listener));
  }

  private List<Sample> decode(int[] promptIds, GenerationOptions options, TokenListener listener) {
    Gpt2Config config = model.config();
    for (int id : promptIds) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException("prompt token id " + id + " is outside the model's vocabulary [0, "
            + config.vocabSize() + ")");
      }
    }
    int[] context = promptIds.length == 0 ? new int[] {Tokenizer.END_OF_TEXT} : promptIds;
    if (context[0] >= config.vocabSize()) {
      throw new IllegalArgumentException("an empty prompt needs <|endoftext|> (" + Tokenizer.END_OF_TEXT
          + ") in the vocabulary, which has only " + config.vocabSize() + " ids");
    }
    // Each row holds the prompt and every new token in one int array, so their sum must be an array length.
    if (options.maxNewTokens() > Integer.MAX_VALUE - context.length) {
      throw new IllegalArgumentException("max new tokens " + options.maxNewTokens() + " plus the prompt's "
          + context.length + " tokens is more than a sample can hold (" + Integer.MAX_VALUE + " tokens)");
    }
    int batch = options.samples();
    int capacity = Math.min(config.nPositions(), context.length + options.maxNewTokens());
    Random random = new Random(options.seed() != null ? options.seed() : new Random().nextLong());
    Sampler sampler = Sampler.of(options);
    RepetitionPenalty penalty = new RepetitionPenalty(options.repetitionPenalty());

    // Every row holds the same number of tokens: a finished row keeps feeding end-of-text, unread.
    int[][] sequences = new int[batch][context.length + options.maxNewTokens()];
    int length = context.length;
    int[] generated = new int[batch];
    boolean[] finished = new boolean[batch];
    for (int[] row : sequences) {
      System.arraycopy(context, 0, row, 0, context.length);
    }
    try (NDManager request = model.manager().newSubManager();
        KvCache cache = new KvCache(request, config, batch, capacity)) {
      float[][] logits = step(request, cache, sequences, length - Math.min(length, capacity), length);
      for (int step = 0; step < options.maxNewTokens(); step++) {
        for (int b = 0; b < batch; b++) {
          if (!finished[b]) {
            penalty.apply(logits[b], sequences[b], length);
          }
          // Every row draws, finished or not, so that one row ending leaves the other rows' draws as they were.
          int drawn = sampler.sample(logits[b], random);
          int next = finished[b] ? Tokenizer.END_OF_TEXT : drawn;
          // A vocabulary without <|endoftext|> (test models) never samples it; feed a valid id instead.
          sequences[b][length] = next < config.vocabSize() ? next : 0;
          if (finished[b]) {
            continue;
          }
          if (next == Tokenizer.END_OF_TEXT) {
            finished[b] = true;
          } else {
            generated[b]++;
            listener.onToken(b, next);
            finished[b] = options.stop() != null && endsWithStop(sequences[b], length + 1, generated[b], options.stop());
          }
        }
        length++;
        if (allTrue(finished) || step == options.maxNewTokens() - 1) {
          break;
        }
        if (cache.length() == cache.capacity()) {
          cache.clear();
          logits = step(request, cache, sequences, length - config.nPositions() / 2, length);
        } else {
          logits = step(request, cache, sequences, length - 1, length);
        }
      }
    }
    List<Sample> samples = new ArrayList<>(batch);
    String promptText = tokenizer.decode(promptIds);
    for (int b = 0; b < batch; b++) {
      int[] ids = Arrays.copyOfRange(sequences[b], context.length, context.length + generated[b]);
      samples.add(cut(promptIds, promptText, ids, options.stop(), options.keepPrefix()));
    }
    return samples;
  }

  /** Runs positions [from, to) of every row through the model; returns each row's logits at the last one. */
  private float[][] step(NDManager request, KvCache cache, int[][] sequences, int from, int to) {
    try (NDScope scope = new NDScope()) {
      long[][] ids = new long[sequences.length][to - from];
      for (int b = 0; b < sequences.length; b++) {
        for (int t = from; t < to; t++) {
          ids[b][t - from] = sequences[b][t];
        }
      }
      NDArray hidden = model.hidden(request.create(ids), cache); // (B, T, C)
      // Only the last position goes through the LM head and reaches Java; decoding steps have no other.
      NDArray last = to - from == 1 ? hidden : hidden.get(new NDIndex(":, {}", to - from - 1)); // (B, [1,] C)
      float[] flat = model.logits(last).toFloatArray(); // (B, V)
      int vocab = model.config().vocabSize();
      float[][] rows = new float[sequences.length][];
      for (int b = 0; b < rows.length; b++) {
        rows[b] = Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab);
        // A vocabulary padded past GPT-2's (nanoGPT's 50,304) has ids no text decodes to: they are never drawn.
        Arrays.fill(rows[b], Math.min(vocab, tokenizer.vocabSize()), vocab, Float.NEGATIVE_INFINITY);
      }
      return rows;
    }
  }

  /** Whether the stop text occurs in the new tokens' last few; earlier occurrences ended generation already. */
  private boolean endsWithStop(int[] sequence, int end, int generated, String stop) {
    // A token decodes to at least one byte and a character to at most four, so this tail covers the stop text.
    int tail = Math.min(generated, 4 * stop.length() + 4);
    return tokenizer.decode(Arrays.copyOfRange(sequence, end - tail, end)).contains(stop);
  }

  /**
   * The sample's text and ids, cut where the stop text starts; the ids kept decode to no more than the text. Prompt
   * and new tokens are decoded together: a character whose bytes the prompt starts and a new token ends belongs to
   * the new text, whole.
   */
  private Sample cut(int[] promptIds, String promptText, int[] ids, String stop, boolean keepPrefix) {
    String full = tokenizer.decode(concat(promptIds, ids));
    int start = commonPrefixLength(promptText, full);
    String text = full.substring(start);
    String prefix = keepPrefix ? full.substring(0, start) : "";
    int at = stop == null ? -1 : text.indexOf(stop);
    if (at < 0) {
      return new Sample(prefix + text, ids);
    }
    int keep = ids.length;
    while (keep > 0 && tokenizer.decode(concat(promptIds, Arrays.copyOf(ids, keep))).length() > start + at) {
      keep--;
    }
    return new Sample(prefix + text.substring(0, at), Arrays.copyOf(ids, keep));
  }

  private static int[] concat(int[] first, int[] second) {
    int[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static int commonPrefixLength(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean flag : flags) {
      if (!flag) {
        return false;
      }
    }
    return true;
  }
}
