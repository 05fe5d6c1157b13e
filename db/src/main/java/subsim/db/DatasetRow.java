package subsim.db;

import java.time.Instant;
import java.util.List;

/** One import of a bot's training data; {@code fingerprint} changes when the data does. */
public record DatasetRow(
    long id,
    long botId,
    List<String> sourceFiles,
    long postCount,
    long commentCount,
    String fingerprint,
    Instant importedAt) {

  public DatasetRow {
    sourceFiles = List.copyOf(sourceFiles);
  }
}
