package subsim.keywords;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keyword-conditioned training format (grammar in {@code keywords/FORMAT.md}): gpt-2-keyword-generation's
 * {@code <|startoftext|>~`CATEGORY~^KEYWORDS~@TITLE~}BODY<|endoftext|>}, extended with comment threads.
 *
 * <p>A document is one line. Text fields escape newlines and anything that could read as a section marker or a
 * special token, with {@code ~} as the escape character; text without {@code ~}, newlines or {@code <|} is written
 * unchanged, so titles-only documents are byte for byte what the original writes.
 */
public final class KeywordFormat {

  public static final String START = "<|startoftext|>";
  public static final String END = "<|endoftext|>";

  static final char MARK = '~';
  static final char CATEGORY = '`';
  static final char KEYWORDS = '^';
  static final char TITLE = '@';
  static final char BODY = '}';
  static final char PARENT = '>';
  static final char COMMENT = '$';

  /** Characters that, after {@link #MARK}, open a section. */
  static final String SECTIONS = "`^@}>$";
  /** Characters that, after {@link #MARK}, are an escape: a literal mark, newline, carriage return, bar. */
  static final String ESCAPES = "~nr|";

  private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);

  private KeywordFormat() {}

  /** A post: title, and body when it is a self-post (an empty body writes no body section, as for a link). */
  public static String encodePost(String category, List<String> keywords, String title, String body) {
    StringBuilder line = head(category, keywords);
    section(line, TITLE, title == null ? "" : title);
    optionalSection(line, BODY, body);
    return line.append(END).toString();
  }

  /**
   * A comment in its thread: the post's title and body (left out when the post is unknown), the parent comments
   * from the top-level one down to the direct parent, then the comment. The keywords are the comment's.
   */
  public static String encodeComment(String category, List<String> keywords, String postTitle, String postBody,
      List<String> parentChain, String comment) {
    StringBuilder line = commentHead(category, keywords, postTitle, postBody, parentChain);
    escape(line, comment == null ? "" : comment);
    return line.append(END).toString();
  }

  /** The prefix a model continues to write a post: it writes the title, then a body section or the end. */
  public static String postPrompt(String category, List<String> keywords) {
    StringBuilder line = head(category, keywords);
    return line.append(MARK).append(TITLE).toString();
  }

  /** The prefix a model continues to write a comment (a reply when the parent chain is not empty). */
  public static String commentPrompt(String category, List<String> keywords, String postTitle, String postBody,
      List<String> parentChain) {
    return commentHead(category, keywords, postTitle, postBody, parentChain).toString();
  }

  /** Parses one document (a training line, or a prompt plus what the model wrote); never throws. */
  public static DecodedDocument decode(String line) {
    return DocumentParser.parse(line);
  }

  /** The category as the original normalizes it: lower case, runs of non-word characters turned into dashes. */
  public static String normalizeCategory(String category) {
    return NON_WORD.matcher(category.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  private static StringBuilder head(String category, List<String> keywords) {
    StringBuilder line = new StringBuilder(START);
    if (category != null && !category.isBlank()) {
      line.append(MARK).append(CATEGORY).append(normalizeCategory(category));
    }
    line.append(MARK).append(KEYWORDS).append(String.join(" ", keywordList(keywords)));
    return line;
  }

  private static StringBuilder commentHead(String category, List<String> keywords, String postTitle,
      String postBody, List<String> parentChain) {
    StringBuilder line = head(category, keywords);
    if (postTitle != null && !postTitle.isEmpty()) {
      section(line, TITLE, postTitle);
      optionalSection(line, BODY, postBody);
    }
    for (String parent : parentChain == null ? List.<String>of() : parentChain) {
      section(line, PARENT, parent);
    }
    return line.append(MARK).append(COMMENT);
  }

  /**
   * Keywords are written as given, so that the original's keywords ("Drink-&-Dream") stay byte for byte; one that
   * would break the line (whitespace, a mark, "<|") is normalized, and one that normalizes to nothing is left out.
   */
  private static List<String> keywordList(List<String> keywords) {
    List<String> out = new ArrayList<>();
    for (String keyword : keywords == null ? List.<String>of() : keywords) {
      boolean safe = !keyword.isEmpty() && keyword.chars().noneMatch(c -> Character.isWhitespace(c) || c == MARK)
          && !keyword.contains("<|");
      String written = safe ? keyword : KeywordExtractor.normalize(keyword);
      if (!written.isEmpty()) {
        out.add(written);
      }
    }
    return out;
  }

  private static void section(StringBuilder line, char kind, String text) {
    escape(line.append(MARK).append(kind), text);
  }

  private static void optionalSection(StringBuilder line, char kind, String text) {
    if (text != null && !text.isEmpty()) {
      section(line, kind, text);
    }
  }

  /** Appends text so that {@link DocumentParser} reads back exactly that text and no section boundary in it. */
  static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : MARK;
      if (c == '\n') {
        out.append(MARK).append('n');
      } else if (c == '\r') {
        out.append(MARK).append('r');
      } else if (c == MARK && (SECTIONS.indexOf(next) >= 0 || ESCAPES.indexOf(next) >= 0 || next == '\n'
          || next == '\r')) {
        // A raw mark must not touch another mark in the output: a newline is written "~n", and a mark at the very
        // end is followed by the next section's mark, hence next = MARK there.
        out.append(MARK).append(MARK);
      } else if (c == '<' && next == '|') {
        // "<|" would start a special token such as <|endoftext|>; the bar is escaped instead.
        out.append('<').append(MARK).append('|');
        i++;
      } else {
        out.append(c);
      }
    }
  }
}
