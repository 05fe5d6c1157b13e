package subsim.keywords;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * How often each keyword occurs in a corpus (once per document at most), for drawing keywords in the proportions a
 * subreddit uses them. Immutable; iteration order is by count, then keyword, so sampling is reproducible.
 */
public final class KeywordDistribution {

  private final Map<String, Long> counts;
  private final long total;

  private KeywordDistribution(Map<String, Long> unordered) {
    Map<String, Long> ordered = new LinkedHashMap<>();
    unordered.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    this.counts = ordered;
    this.total = ordered.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The distribution of documents' keyword lists; a keyword repeated within one list counts once. */
  public static KeywordDistribution of(Collection<List<String>> keywordLists) {
    Map<String, Long> counts = new HashMap<>();
    for (List<String> keywords : keywordLists) {
      keywords.stream().distinct().forEach(k -> counts.merge(k, 1L, Long::sum));
    }
    return new KeywordDistribution(counts);
  }

  /** The distribution of the given counts; non-positive counts are left out. */
  public static KeywordDistribution ofCounts(Map<String, Long> counts) {
    Map<String, Long> positive = new HashMap<>();
    counts.forEach((k, v) -> {
      if (v > 0) {
        positive.put(k, v);
      }
    });
    return new KeywordDistribution(positive);
  }

  /** The keywords of a training text in the keyword format (as {@code subsim encode} writes it). */
  public static KeywordDistribution ofTrainingText(Path file) throws IOException {
    List<List<String>> lists = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        DecodedDocument document = KeywordFormat.decode(line);
        if (!document.isMalformed()) {
          lists.add(document.keywords());
        }
      }
    }
    return of(lists);
  }

  /** Reads what {@link #write} wrote: one {@code keyword<TAB>count} per line. */
  public static KeywordDistribution read(Path file) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    long lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      try {
        if (fields.length != 2) {
          throw new NumberFormatException("expected keyword<TAB>count");
        }
        counts.merge(fields[0], Long.parseLong(fields[1].strip()), Long::sum);
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + lineNumber + ": not a keyword count (" + e.getMessage() + ")");
      }
    }
    return ofCounts(counts);
  }

  public void write(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        out.write(entry.getKey() + "\t" + entry.getValue() + "\n");
      }
    }
  }

  /**
   * Up to {@code k} different keywords, each drawn with probability proportional to its count (weighted sampling
   * without replacement, Efraimidis and Spirakis: the k largest {@code u^(1/count)}), most likely first.
   */
  public List<String> sample(int k, Random random) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    record Keyed(String keyword, double key) {}
    PriorityQueue<Keyed> best = new PriorityQueue<>(Comparator.comparingDouble(Keyed::key));
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      // log(u)/w orders like u^(1/w) without underflow for large counts.
      double key = Math.log(1 - random.nextDouble()) / entry.getValue();
      if (best.size() < k) {
        best.add(new Keyed(entry.getKey(), key));
      } else if (k > 0 && key > best.peek().key()) {
        best.poll();
        best.add(new Keyed(entry.getKey(), key));
      }
    }
    List<String> sampled = new ArrayList<>();
    while (!best.isEmpty()) {
      sampled.add(0, best.poll().keyword());
    }
    return sampled;
  }

  public long count(String keyword) {
    return counts.getOrDefault(keyword, 0L);
  }

  /** Number of different keywords. */
  public int size() {
    return counts.size();
  }

  /** Sum of all counts. */
  public long total() {
    return total;
  }

  /** The {@code n} most frequent keywords with their counts, most frequent first. */
  public List<Map.Entry<String, Long>> top(int n) {
    return counts.entrySet().stream().limit(n).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
  }
}
