package subsim.db;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a post or comment was generated: the keywords asked for, the sampling parameters (as the caller
 * renders them, e.g. {@code temperature=0.9 top_k=40}), the seed, the model ({@code null} if unknown),
 * when, and how long it took.
 */
public record Generation(
    List<String> keywords, String parameters, long seed, Long modelId, Instant generatedAt, long generationMillis) {

  public Generation {
    keywords = List.copyOf(keywords);
    for (String keyword : keywords) {
      // Keywords are stored one per line.
      if (keyword.isEmpty() || keyword.contains("\n")) {
        throw new IllegalArgumentException("keyword must be non-empty and on one line: " + keyword);
      }
    }
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(generatedAt, "generatedAt");
    if (generationMillis < 0) {
      throw new IllegalArgumentException("generationMillis must be >= 0, got " + generationMillis);
    }
  }
}
