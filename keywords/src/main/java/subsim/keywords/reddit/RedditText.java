package subsim.keywords.reddit;

/** Reddit's text conventions: HTML-escaped JSON and the placeholders of deleted content. */
final class RedditText {

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

  /** Whether the text is what Reddit shows in place of deleted or removed content. */
  static boolean isGone(String text) {
    String t = text.strip();
    return t.equals("[deleted]") || t.equals("[removed]");
  }
}
