package subsim.keywords;

import java.util.List;

/**
 * The sections of one document in the keyword format, or why it could not be read.
 *
 * <p>Absent text sections are empty strings (a post without body, a comment whose post is unknown). For a
 * malformed document every section is empty and {@link #problem()} says what is wrong.
 *
 * @param kind a post, a comment, or malformed
 * @param category the normalized category (subreddit), empty when the document has none
 * @param keywords the keywords in written order
 * @param title the post's title (for a comment, its post's title)
 * @param body the post's body (for a comment, its post's body)
 * @param parentChain for a comment, the parent comments from the top-level one down to the direct parent
 * @param comment for a comment, its text
 * @param problem for a malformed document, the reason; empty otherwise
 */
public record DecodedDocument(Kind kind, String category, List<String> keywords, String title, String body,
    List<String> parentChain, String comment, String problem) {

  /** What a document is. */
  public enum Kind { POST, COMMENT, MALFORMED }

  public DecodedDocument {
    keywords = List.copyOf(keywords);
    parentChain = List.copyOf(parentChain);
  }

  static DecodedDocument malformed(String problem) {
    return new DecodedDocument(Kind.MALFORMED, "", List.of(), "", "", List.of(), "", problem);
  }

  public boolean isMalformed() {
    return kind == Kind.MALFORMED;
  }

  @Override
  public String toString() {
    return isMalformed() ? "malformed: " + problem
        : kind + "[category=" + category + ", keywords=" + keywords + ", title=" + title + ", body=" + body
            + ", parents=" + parentChain + ", comment=" + comment + "]";
  }
}
