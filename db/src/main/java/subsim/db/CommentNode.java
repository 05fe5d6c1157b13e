package subsim.db;

import java.util.List;

/** A comment in a thread with its publishing state and its replies, oldest first. */
public record CommentNode(CommentRow comment, PublicationRow publication, List<CommentNode> replies) {

  public CommentNode {
    replies = List.copyOf(replies);
  }

  /** This comment and all comments below it. */
  public int size() {
    return 1 + replies.stream().mapToInt(CommentNode::size).sum();
  }
}
