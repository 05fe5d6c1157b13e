package subsim.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Generated comments, in trees under posts. Each is created with its publication, in state {@code GENERATED}. */
public final class CommentRepository {

  static final String COLUMNS = "id, post_id, parent_id, bot_id, depth, body, label, " + GenerationColumns.NAMES;

  private final Database db;

  CommentRepository(Database db) {
    this.db = db;
  }

  /**
   * Records a comment on {@code postId}, replying to {@code parentId} ({@code null} for top level), and its
   * publication; returns the comment id. The parent must belong to the same post.
   */
  public long insert(long postId, Long parentId, long botId, String body, String label, Generation generation) {
    return db.write(c -> {
      int depth = parentId == null ? 0 : parentDepth(c, postId, parentId) + 1;
      long id = Sql.insert(c, "INSERT INTO comments (post_id, parent_id, bot_id, depth, body, label, "
              + GenerationColumns.NAMES + ") VALUES (?, ?, ?, ?, ?, ?, " + GenerationColumns.PLACEHOLDERS + ")",
          Sql.concat(new Object[] {postId, parentId, botId, depth, body, label},
              GenerationColumns.values(generation)));
      PublicationRepository.create(c, ItemKind.COMMENT, id, botId, db.clock().instant());
      return id;
    });
  }

  private static int parentDepth(Connection c, long postId, long parentId) throws SQLException {
    CommentRow parent = find(c, parentId)
        .orElseThrow(() -> new IllegalArgumentException("parent comment " + parentId + " does not exist"));
    if (parent.postId() != postId) {
      throw new IllegalArgumentException(
          "parent comment " + parentId + " belongs to post " + parent.postId() + ", not post " + postId);
    }
    return parent.depth();
  }

  public Optional<CommentRow> findById(long id) {
    return db.read(c -> find(c, id));
  }

  /** All comments on the post, oldest first. */
  public List<CommentRow> findByPost(long postId) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM comments WHERE post_id = ? ORDER BY id",
        CommentRepository::map, postId));
  }

  /** The comment and its ancestors, top-level comment first: the parent chain a reply is conditioned on. */
  public List<CommentRow> findChain(long commentId) {
    return db.read(c -> {
      List<CommentRow> chain = new ArrayList<>();
      Long next = commentId;
      while (next != null) {
        long id = next;
        CommentRow comment = find(c, id)
            .orElseThrow(() -> new IllegalArgumentException("comment " + id + " does not exist"));
        chain.add(comment);
        next = comment.parentId();
      }
      Collections.reverse(chain);
      return chain;
    });
  }

  public long countByPost(long postId) {
    return db.read(c -> Sql.number(c, "SELECT COUNT(*) FROM comments WHERE post_id = ?", postId));
  }

  /** Comments under the post that count against a limit: every one not rejected, published or still on its way. */
  public long countNotRejectedByPost(long postId) {
    return db.read(c -> Sql.number(c, "SELECT COUNT(*) FROM comments JOIN publications ON publications.comment_id"
        + " = comments.id WHERE comments.post_id = ? AND publications.state <> ?", postId, PublishState.REJECTED));
  }

  private static Optional<CommentRow> find(Connection c, long id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM comments WHERE id = ?", CommentRepository::map, id);
  }

  static CommentRow map(ResultSet row) throws SQLException {
    return new CommentRow(row.getLong("id"), row.getLong("post_id"), Sql.nullableLong(row, "parent_id"),
        row.getLong("bot_id"), row.getInt("depth"), row.getString("body"), row.getString("label"),
        GenerationColumns.map(row));
  }
}
