package subsim.keywords;

import static subsim.keywords.KeywordFormat.MARK;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import subsim.keywords.DecodedDocument.Kind;

/**
 * Reads a document of the keyword format back into its sections; every failure becomes a malformed result.
 *
 * <p>The end token may be missing: the generator stops at {@code <|endoftext|>} and leaves it out of the text, so a
 * prompt plus a finished generation has none. A generation cut off by its token limit therefore parses too;
 * callers that care check whether generation stopped by itself.
 */
final class DocumentParser {

  /** Section order; a later section may not come before an earlier one, and only parents repeat. */
  private static final String ORDER = KeywordFormat.SECTIONS;

  private final List<String> keywords = new ArrayList<>();
  private final List<String> parents = new ArrayList<>();
  private final String[] texts = new String[ORDER.length()];
  private final boolean[] seen = new boolean[ORDER.length()];

  private DocumentParser() {}

  static DecodedDocument parse(String line) {
    try {
      return new DocumentParser().read(line);
    } catch (RuntimeException e) {
      // A parser bug must not take a bot down: the document is reported as malformed like any other.
      return DecodedDocument.malformed("unreadable (" + e + ")");
    }
  }

  private DecodedDocument read(String line) {
    if (line == null) {
      return DecodedDocument.malformed("no text");
    }
    String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    if (!text.startsWith(KeywordFormat.START)) {
      return DecodedDocument.malformed("does not start with " + KeywordFormat.START);
    }
    int end = text.indexOf(KeywordFormat.END);
    String content = text.substring(KeywordFormat.START.length(), end < 0 ? text.length() : end);
    if (end >= 0 && !text.substring(end + KeywordFormat.END.length()).isBlank()) {
      return DecodedDocument.malformed("text after " + KeywordFormat.END);
    }
    if (!content.isEmpty() && (content.length() < 2 || content.charAt(0) != MARK
        || ORDER.indexOf(content.charAt(1)) < 0)) {
      return DecodedDocument.malformed("text before the first section");
    }
    String problem = readSections(content);
    return problem != null ? DecodedDocument.malformed(problem) : assemble();
  }

  /** Splits the content at unescaped section marks, unescaping text; null when it is well formed. */
  private String readSections(String content) {
    int section = -1;
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      char next = i + 1 < content.length() ? content.charAt(i + 1) : 0;
      if (c == MARK && ORDER.indexOf(next) >= 0) {
        close(section, current);
        int following = ORDER.indexOf(next);
        if (following < section || following == section && next != KeywordFormat.PARENT) {
          return "section ~" + next + (following == section ? " repeated" : " out of order");
        }
        section = following;
        current.setLength(0);
        i++;
      } else if (c == MARK && next != 0 && KeywordFormat.ESCAPES.indexOf(next) >= 0) {
        current.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
        i++;
      } else if (c == '<' && next == '|') {
        return "unescaped <| inside a section (a second document?)";
      } else {
        current.append(c);
      }
    }
    close(section, current);
    return null;
  }

  private void close(int section, StringBuilder current) {
    if (section < 0) {
      return; // read() has checked that nothing comes before the first mark
    }
    seen[section] = true;
    char kind = ORDER.charAt(section);
    if (kind == KeywordFormat.PARENT) {
      parents.add(current.toString());
    } else if (kind == KeywordFormat.KEYWORDS) {
      Arrays.stream(current.toString().split(" ")).filter(k -> !k.isEmpty()).forEach(keywords::add);
    } else {
      texts[section] = current.toString();
    }
  }

  private DecodedDocument assemble() {
    if (!has(KeywordFormat.KEYWORDS)) {
      return DecodedDocument.malformed("no keywords section ~^");
    }
    if (has(KeywordFormat.BODY) && !has(KeywordFormat.TITLE)) {
      return DecodedDocument.malformed("a body section ~} without a title section ~@");
    }
    boolean comment = has(KeywordFormat.COMMENT);
    if (!comment && !parents.isEmpty()) {
      return DecodedDocument.malformed("parent comments ~> without a comment section ~$");
    }
    if (!comment && !has(KeywordFormat.TITLE)) {
      return DecodedDocument.malformed("no title section ~@");
    }
    return new DecodedDocument(comment ? Kind.COMMENT : Kind.POST, text(KeywordFormat.CATEGORY), keywords,
        text(KeywordFormat.TITLE), text(KeywordFormat.BODY), parents, text(KeywordFormat.COMMENT), "");
  }

  private boolean has(char kind) {
    return seen[ORDER.indexOf(kind)];
  }

  private String text(char kind) {
    String text = texts[ORDER.indexOf(kind)];
    return text == null ? "" : text;
  }
}

