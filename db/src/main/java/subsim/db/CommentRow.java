package subsim.db;

/** A generated comment on a post; {@code parentId} is {@code null} (and depth 0) for a top-level comment. */
public record CommentRow(
    long id, long postId, Long parentId, long botId, int depth, String body, String label, Generation generation) {}
