package subsim.db;

import java.util.List;

/** A post, its publishing state, and its top-level comments with their replies. */
public record PostThread(PostRow post, PublicationRow publication, List<CommentNode> comments) {

  public PostThread {
    comments = List.copyOf(comments);
  }

  /** All comments in the thread, at any depth. */
  public int commentCount() {
    return comments.stream().mapToInt(CommentNode::size).sum();
  }
}
