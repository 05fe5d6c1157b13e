package subsim.keywords;

/**
 * How a corpus is encoded, as in gpt-2-keyword-generation.
 *
 * @param repeat lines written per document, each with its own draw of keywords
 * @param maxKeywords the most keywords on a line; each line takes a uniform 0..maxKeywords of them, in random order
 * @param seed the seed that makes the output reproducible (independent of the number of threads)
 * @param threads worker threads, each with its own CoreNLP pipeline
 * @param batchSize documents per batch; a batch is processed by one worker and shuffled before it is written
 */
public record EncodeOptions(int repeat, int maxKeywords, long seed, int threads, int batchSize) {

  /** Lines per document at the most: the original uses 3; thousands only multiply one document's lines. */
  public static final int MAX_REPEAT = 10_000;

  /**
   * Most keywords per line at the most: only 1,000 characters of a text are tagged, so no document has this many;
   * the bound keeps the draw's 0..maxKeywords range an int.
   */
  public static final int MAX_KEYWORDS = 10_000;

  public EncodeOptions {
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw new IllegalArgumentException("--repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
    }
    if (maxKeywords < 0 || maxKeywords > MAX_KEYWORDS) {
      throw new IllegalArgumentException("--max-keywords must be between 0 and " + MAX_KEYWORDS + ", got "
          + maxKeywords);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
  }

  /** The original's defaults (repeat 3, at most 3 keywords), seed 0, all cores, batches of 64. */
  public static EncodeOptions defaults() {
    return new EncodeOptions(3, 3, 0, Runtime.getRuntime().availableProcessors(), 64);
  }

  public EncodeOptions withRepeat(int n) {
    return new EncodeOptions(n, maxKeywords, seed, threads, batchSize);
  }

  public EncodeOptions withMaxKeywords(int n) {
    return new EncodeOptions(repeat, n, seed, threads, batchSize);
  }

  public EncodeOptions withSeed(long s) {
    return new EncodeOptions(repeat, maxKeywords, s, threads, batchSize);
  }

  public EncodeOptions withThreads(int n) {
    return new EncodeOptions(repeat, maxKeywords, seed, n, batchSize);
  }

  public EncodeOptions withBatchSize(int n) {
    return new EncodeOptions(repeat, maxKeywords, seed, threads, n);
  }
}
