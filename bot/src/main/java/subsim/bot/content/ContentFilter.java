package subsim.bot.content;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import subsim.bot.config.BotConfig.FilterConfig;
import subsim.bot.content.Rejection.Reason;

/** The checks every generated post and comment passes before it is labelled and published, in order. */
public final class ContentFilter {

  /** Reddit's limit on a submission title, in characters. */
  public static final int MAX_TITLE_LENGTH = 300;
  /** Reddit's limit on a self-post's text, in characters. */
  public static final int MAX_SELF_TEXT_LENGTH = 40_000;
  /** Reddit's limit on a comment, in characters. */
  public static final int MAX_COMMENT_LENGTH = 10_000;
  /** Pieces of the training format's markers, which a model sometimes writes into its text. */
  private static final List<String> FORMAT_PIECES = List.of("startoftext", "endoftext", "<|", "|>");
  private static final String NOT_AFTER_WORD = "(?<![\\p{L}\\p{N}_])";
  private static final String NOT_BEFORE_WORD = "(?![\\p{L}\\p{N}_])";

  private final List<Pattern> bannedWords;
  private final NearCopyDetector nearCopies;
  private final Set<String> earlierTitles = new HashSet<>();

  /**
   * @param trainingTexts the bot's training posts and comments, for the near-copy check
   * @param earlierTitles titles the bot has already generated, for the duplicate check
   */
  public ContentFilter(FilterConfig config, Collection<String> trainingTexts, Collection<String> earlierTitles) {
    // Whole words: no letter, digit or underscore right beside them. "\\b" would need a word character at each end
    // of the banned word itself, and miss "c++" or "@spez" wherever they stand.
    this.bannedWords = config.bannedWords().stream()
        .map(w -> Pattern.compile(NOT_AFTER_WORD + Pattern.quote(w) + NOT_BEFORE_WORD,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
        .toList();
    this.nearCopies = new NearCopyDetector(trainingTexts, config.maxOverlapRatio(), config.maxOverlapWords(), config.minOverlapWords());
    earlierTitles.forEach(t -> this.earlierTitles.add(normalTitle(t)));
  }

  /** Checks a post; when it passes, its title counts as taken for later duplicate checks. */
  public synchronized Optional<Rejection> checkPost(String title, String body) {
    if (title == null || title.isBlank()) {
      return reject(Reason.EMPTY_TITLE, "the title is empty");
    }
    if (!hasWords(title)) {
      return reject(Reason.EMPTY_TITLE, "the title has no letters or digits");
    }
    if (title.length() > MAX_TITLE_LENGTH) {
      return reject(Reason.TITLE_TOO_LONG, title.length() + " characters, Reddit allows " + MAX_TITLE_LENGTH);
    }
    Optional<Rejection> common = checkText(title + "\n" + (body == null ? "" : body));
    if (common.isPresent()) {
      return common;
    }
    Optional<String> copied = nearCopies.copiedRun(title).or(() -> body == null ? Optional.empty() : nearCopies.copiedRun(body));
    if (copied.isPresent()) {
      return reject(Reason.NEAR_COPY, "copies training text: \"" + copied.get() + "\"");
    }
    if (!earlierTitles.add(normalTitle(title))) {
      return reject(Reason.DUPLICATE, "the bot already wrote this title");
    }
    return Optional.empty();
  }

  /** Checks a comment body. */
  public Optional<Rejection> checkComment(String body) {
    if (body == null || body.isBlank()) {
      return reject(Reason.EMPTY_BODY, "the comment is empty");
    }
    if (!hasWords(body)) {
      return reject(Reason.EMPTY_BODY, "the comment has no letters or digits");
    }
    Optional<Rejection> common = checkText(body);
    if (common.isPresent()) {
      return common;
    }
    return nearCopies.copiedRun(body).map(run -> new Rejection(Reason.NEAR_COPY, "copies training text: \"" + run + "\""));
  }

  /**
   * Rejects {@code published}, a text with its label as it goes to Reddit, when it is over Reddit's {@code limit}:
   * Reddit would refuse it at every try.
   */
  public static Optional<Rejection> checkLength(String published, int limit) {
    return published.length() > limit
        ? reject(Reason.TOO_LONG, published.length() + " characters with the label, Reddit allows " + limit)
        : Optional.empty();
  }

  private Optional<Rejection> checkText(String text) {
    // Byte-level BPE can stop inside a character's bytes; the decoder turns what is left into U+FFFD.
    if (text.indexOf('\uFFFD') >= 0) {
      return reject(Reason.MALFORMED, "contains U+FFFD, the remains of a character cut between tokens");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String piece : FORMAT_PIECES) {
      if (lower.contains(piece)) {
        return reject(Reason.MALFORMED, "contains \"" + piece + "\", a piece of the training format");
      }
    }
    for (Pattern banned : bannedWords) {
      if (banned.matcher(text).find()) {
        return reject(Reason.BANNED_WORD, "contains a banned word");
      }
    }
    return Optional.empty();
  }

  private static boolean hasWords(String text) {
    return text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  private static Optional<Rejection> reject(Reason reason, String detail) {
    return Optional.of(new Rejection(reason, detail));
  }

  private static String normalTitle(String title) {
    return String.join(" ", NearCopyDetector.words(title)).toLowerCase(Locale.ROOT);
  }
}
