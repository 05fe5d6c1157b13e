package subsim.engine.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import subsim.engine.Tokenizer;

/**
 * The training and validation token streams, and the random blocks each step trains on.
 *
 * @param train the training documents joined by {@code <|endoftext|>}
 * @param validation the validation documents joined likewise; empty without a validation set
 */
record TrainingData(int[] train, int[] validation) {

  /**
   * Reads the data the options name. The validation set is a separate file or a fraction of the documents chosen
   * by {@code seed} (whole documents, never blocks of the training stream, so no validation text is trained on).
   */
  static TrainingData read(TrainOptions options, long seed, Tokenizer tokenizer) {
    List<int[]> documents = TokenCorpus.documents(options.data(), tokenizer);
    List<int[]> validation = new ArrayList<>();
    if (options.valFile() != null) {
      if (!Files.isRegularFile(options.valFile())) {
        throw new IllegalArgumentException("--val " + options.valFile() + ": no such file");
      }
      validation = TokenCorpus.documents(List.of(options.valFile()), tokenizer);
    } else if (options.valFraction() > 0) {
      if (documents.size() < 2) {
        throw new IllegalArgumentException(describe(options.data()) + ": --val-fraction needs at least 2 documents"
            + " (separated by <|endoftext|>), found " + documents.size());
      }
      int held = Math.max(1, (int) Math.round(documents.size() * options.valFraction()));
      SplittableRandom random = new SplittableRandom(seed);
      List<int[]> shuffled = new ArrayList<>(documents);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        shuffled.set(i, shuffled.set(random.nextInt(i + 1), shuffled.get(i)));
      }
      validation = new ArrayList<>(shuffled.subList(0, held));
      documents = new ArrayList<>(shuffled.subList(held, shuffled.size()));
    }
    return new TrainingData(TokenCorpus.join(documents), TokenCorpus.join(validation));
  }

  /** Fails, naming the data, unless the training stream holds one block plus its last target. */
  void requireBlock(int blockSize, List<Path> data) {
    if (train.length < blockSize + 1) {
      throw new IllegalArgumentException(describe(data) + ": only " + train.length + " training tokens, fewer than"
          + " one block of " + blockSize + " plus one (lower --block-size or add text)");
    }
    if (validation.length == 1) {
      throw new IllegalArgumentException("the validation set has 1 token; a loss needs at least 2");
    }
  }

  /** Every id must have an embedding: a base checkpoint with a smaller vocabulary cannot learn GPT-2 BPE text. */
  void requireVocabulary(int vocab, List<Path> data) {
    for (int[] part : List.of(train, validation)) {
      for (int id : part) {
        if (id >= vocab) {
          throw new IllegalArgumentException(describe(data) + ": token id " + id + " is outside the model's"
              + " vocabulary [0, " + vocab + "); GPT-2's tokenizer needs " + Tokenizer.gpt2().vocabSize() + " ids");
        }
      }
    }
  }

  /**
   * Micro-batch {@code micro} of step {@code step}: (batch, blockSize + 1) windows at random offsets. The
   * offsets depend only on (seed, step, micro), so a resumed run draws exactly the batches it would have.
   */
  long[][] batch(long seed, int step, int micro, int batch, int blockSize) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + step * 1_000_003L + micro);
    long[][] windows = new long[batch][blockSize + 1];
    for (long[] window : windows) {
      int start = random.nextInt(train.length - blockSize);
      for (int t = 0; t <= blockSize; t++) {
        window[t] = train[start + t];
      }
    }
    return windows;
  }

  /** The validation stream cut into consecutive windows of up to blockSize + 1 tokens (the last may be shorter). */
  List<long[]> validationWindows(int blockSize, int maxWindows) {
    List<long[]> windows = new ArrayList<>();
    for (int start = 0; start + 1 < validation.length && windows.size() < maxWindows; start += blockSize) {
      int end = Math.min(start + blockSize + 1, validation.length);
      long[] window = new long[end - start];
      for (int t = start; t < end; t++) {
        window[t - start] = validation[t];
      }
      windows.add(window);
    }
    return windows;
  }

  private static String describe(List<Path> data) {
    return data.size() == 1 ? data.get(0).toString() : data.toString();
  }
}
