package subsim.bot.content;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds generations that copy training text, with markovify's overlap test (as SubredditSimulator used it): an
 * item of n words is a near-copy when any run of {@code min(maxWords, round(ratio * n))} consecutive words (at
 * least {@code minWords}, or the whole item when it is shorter) also occurs in a training document. Words are
 * compared lower-cased and without punctuation.
 */
public final class NearCopyDetector {

  private final String corpus;
  private final double ratio;
  private final int maxWords;
  private final int minWords;

  /** {@code documents} are the bot's training posts and comments (titles and bodies). */
  public NearCopyDetector(Collection<String> documents, double ratio, int maxWords, int minWords) {
    StringBuilder text = new StringBuilder(" ");
    for (String document : documents) {
      // a bar between documents keeps a run of words from matching across two of them
      text.append(String.join(" ", words(document))).append(" | ");
    }
    this.corpus = text.toString();
    this.ratio = ratio;
    this.maxWords = maxWords;
    this.minWords = minWords;
  }

  /** The first copied run of words, if {@code text} is a near-copy. */
  public Optional<String> copiedRun(String text) {
    String[] words = words(text);
    if (words.length == 0) {
      return Optional.empty();
    }
    int window = Math.min(words.length, Math.max(minWords, Math.min(maxWords, (int) Math.round(ratio * words.length))));
    for (int start = 0; start + window <= words.length; start++) {
      String run = String.join(" ", Arrays.copyOfRange(words, start, start + window));
      if (corpus.contains(" " + run + " ")) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  static String[] words(String text) {
    String normal = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s']+", " ").replace("'", "").trim();
    return normal.isEmpty() ? new String[0] : normal.split("\\s+");
  }
}
