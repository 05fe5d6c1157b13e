package subsim.keywords;

import java.util.List;

/**
 * A comment as a training document, with its thread: the post's title and body (empty when the post is not in the
 * data) and the parent comments from the oldest known one down to the direct parent. Keywords come from the comment.
 */
public record CommentDocument(String category, String postTitle, String postBody, List<String> parentChain,
    String comment) implements Document {

  public CommentDocument {
    parentChain = List.copyOf(parentChain);
  }

  @Override
  public String keywordText() {
    return comment;
  }

  @Override
  public String encode(List<String> keywords) {
    return KeywordFormat.encodeComment(category, keywords, postTitle, postBody, parentChain, comment);
  }
}
