package subsim.keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Writes a corpus as keyword-format training text, with gpt-2-keyword-generation's augmentation: each document
 * becomes {@code repeat} lines, each with a random number (0..maxKeywords) of its keywords in random order.
 *
 * <p>Documents are shuffled, cut into batches, and the batches processed in parallel; each batch's lines are
 * shuffled and batches are written in order. Every random choice comes from the seed and the batch number, so the
 * output is the same for any number of threads.
 */
public final class TrainingEncoder {

  private final Function<String, List<String>> extractor;
  private final EncodeOptions options;

  /** @param extractor the keywords of a text, e.g. {@code KeywordExtractor::extract}; called from worker threads */
  public TrainingEncoder(Function<String, List<String>> extractor, EncodeOptions options) {
    this.extractor = extractor;
    this.options = options;
  }

  /**
   * Encodes the documents into {@code out}, one line each plus a newline.
   *
   * @param progress told the number of documents finished so far, after each batch (on the calling thread)
   */
  public EncodeSummary encode(List<Document> documents, Writer out, IntConsumer progress) throws IOException {
    long start = System.nanoTime();
    List<Document> shuffled = new ArrayList<>(documents);
    Collections.shuffle(shuffled, new Random(options.seed()));
    List<List<String>> allKeywords = new ArrayList<>();
    long lines = 0;
    int done = 0;
    ExecutorService workers = Executors.newFixedThreadPool(options.threads(), runnable -> {
      Thread thread = new Thread(runnable, "keywords-encoder");
      thread.setDaemon(true);
      return thread;
    });
    try {
      // A bounded window of batches in flight keeps every worker busy without holding the whole output in memory.
      Deque<Future<Batch>> inFlight = new ArrayDeque<>();
      int batches = (shuffled.size() + options.batchSize() - 1) / options.batchSize();
      int submitted = 0;
      while (submitted < batches || !inFlight.isEmpty()) {
        while (submitted < batches && inFlight.size() < options.threads() * 4L) {
          int from = submitted * options.batchSize();
          List<Document> slice = shuffled.subList(from, Math.min(shuffled.size(), from + options.batchSize()));
          long batchSeed = mix(options.seed(), submitted);
          inFlight.add(workers.submit(() -> encodeBatch(slice, batchSeed)));
          submitted++;
        }
        Batch batch = await(inFlight.removeFirst());
        for (String line : batch.lines()) {
          out.write(line);
          out.write('\n');
        }
        lines += batch.lines().size();
        allKeywords.addAll(batch.keywords());
        done += batch.keywords().size();
        progress.accept(done);
      }
    } finally {
      workers.shutdownNow();
    }
    out.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EncodeSummary(done, lines, KeywordDistribution.of(allKeywords), seconds);
  }

  private record Batch(List<String> lines, List<List<String>> keywords) {}

  private Batch encodeBatch(List<Document> documents, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(documents.size() * options.repeat());
    List<List<String>> keywords = new ArrayList<>(documents.size());
    for (Document document : documents) {
      List<String> all = extractor.apply(document.keywordText());
      keywords.add(all);
      for (List<String> drawn : draws(all, random)) {
        lines.add(document.encode(drawn));
      }
    }
    Collections.shuffle(lines, random);
    return new Batch(lines, keywords);
  }

  /** The original's augmentation: per line, shuffle the keywords and keep the first randint(0, maxKeywords). */
  List<List<String>> draws(List<String> keywords, Random random) {
    List<List<String>> draws = new ArrayList<>(options.repeat());
    List<String> order = new ArrayList<>(keywords);
    for (int i = 0; i < options.repeat(); i++) {
      Collections.shuffle(order, random);
      int count = Math.min(order.size(), random.nextInt(options.maxKeywords() + 1));
      draws.add(List.copyOf(order.subList(0, count)));
    }
    return draws;
  }

  private static Batch await(Future<Batch> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error; // an OutOfMemoryError stays one, so that the command line can say what to do about it
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A batch's seed: SplitMix64 of the run's seed and the batch number, so that batches draw independently. */
  static long mix(long seed, long batch) {
    long z = seed + (batch + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
