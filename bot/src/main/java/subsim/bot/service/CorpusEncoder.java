package subsim.bot.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns a bot's Reddit data (JSON Lines posts and comments) into the keyword-conditioned training text its model
 * learns from: documents separated by {@code <|endoftext|>}. The keywords module's encoder is the real one.
 */
public interface CorpusEncoder {

  /** Writes the training text for {@code subreddit}'s data to {@code out}; returns the counts it encoded. */
  Counts encode(List<Path> files, String subreddit, Path out);

  /** How many posts and comments went into the training text. */
  record Counts(long posts, long comments) {}
}
