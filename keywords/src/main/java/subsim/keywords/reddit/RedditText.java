package subsim.keywords.reddit;

import java.util.regex.Pattern;

/** Reddit's text conventions: HTML-escaped JSON and the placeholders of deleted content. */
public final class RedditText {

  /** What admins leave: "[ Removed by Reddit ]", "[ Removed by Reddit on account of violating the ... ]". */
  private static final Pattern REMOVED_BY_REDDIT = Pattern.compile("\\[\\s*removed by reddit\\b.*\\]",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private RedditText() {}

  /**
   * Decodes the three entities Reddit escapes in JSON fetched without {@code raw_json=1}; {@code &amp;} last, so
   * that an escaped entity ({@code &amp;lt;}) comes out as the text the author typed ({@code &lt;}).
   */
  static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /**
   * The text with every unpaired surrogate replaced by U+FFFD, as undecodable bytes are: JSON can escape half an
   * emoji on its own (U+D83D), which no UTF-8 file can hold, so writing it would fail the whole output.
   */
  static String wellFormed(String text) {
    if (text.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
      return text;
    }
    StringBuilder fixed = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean whole = Character.isHighSurrogate(c)
          ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      fixed.append(whole ? c : '\uFFFD');
    }
    return fixed.toString();
  }

  /** Whether the text (a body, title or author) is what Reddit shows in place of deleted or removed content. */
  public static boolean isGone(String text) {
    if (text == null) {
      return false;
    }
    String t = text.strip();
    return t.equals("[deleted]") || t.equals("[removed]") || REMOVED_BY_REDDIT.matcher(t).matches();
  }
}
