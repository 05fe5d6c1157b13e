package subsim.db.sandbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import subsim.db.Database;

/**
 * The sandbox Reddit's store: posts and comments in listing order, in the {@code sandbox_*} tables of a
 * {@link Database} (migration {@code V100__sandbox_reddit}).
 */
public final class SandboxStore {

  /** Generated ids start at 36^8 so they never meet a real seeded id (Reddit's ids are 7 characters or fewer). */
  private static final long GENERATED_ID_OFFSET = 2_821_109_907_456L;

  private static final String POST_COLUMNS =
      "id, subreddit, author, title, selftext, link_flair_text, score, created_utc, over_18";
  private static final String COMMENT_COLUMNS =
      "id, subreddit, author, link_id, parent_id, body, score, created_utc";

  private final Database db;

  public SandboxStore(Database db) {
    this.db = db;
  }

  /** Opens (creating and migrating if needed) the SQLite file {@code file}. */
  public static SandboxStore open(Path file) {
    return new SandboxStore(Database.open(file));
  }

  public Database database() {
    return db;
  }

  /** Stores a post; a null id gets a fresh one in the same transaction. Returns the post as stored. */
  public SandboxPost insertPost(SandboxPost post) {
    return db.write(c -> {
      SandboxPost p = post.id() != null ? post : new SandboxPost(nextId(c), post.subreddit(), post.author(),
          post.title(), post.selftext(), post.flairText(), post.score(), post.createdUtc(), post.over18());
      update(c, "INSERT INTO sandbox_post (" + POST_COLUMNS + ", hot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          p.id(), p.subreddit(), p.author(), p.title(), p.selftext(), p.flairText(), p.score(), p.createdUtc(),
          p.over18() ? 1 : 0, hot(p.score(), p.createdUtc()));
      return p;
    });
  }

  /** Stores a comment; a null id gets a fresh one in the same transaction. Returns the comment as stored. */
  public SandboxComment insertComment(SandboxComment comment) {
    return db.write(c -> {
      SandboxComment k = comment.id() != null ? comment : new SandboxComment(nextId(c), comment.subreddit(),
          comment.author(), comment.linkId(), comment.parentId(), comment.body(), comment.score(),
          comment.createdUtc());
      update(c, "INSERT INTO sandbox_comment (" + COMMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          k.id(), k.subreddit(), k.author(), k.linkId(), k.parentId(), k.body(), k.score(), k.createdUtc());
      return k;
    });
  }

  public Optional<SandboxPost> findPost(String id) {
    return posts("SELECT " + POST_COLUMNS + " FROM sandbox_post WHERE id = ?", id).stream().findFirst();
  }

  public Optional<SandboxComment> findComment(String id) {
    return comments("SELECT " + COMMENT_COLUMNS + " FROM sandbox_comment WHERE id = ?", id).stream().findFirst();
  }

  /**
   * One page of a subreddit listing: posts created at or after {@code sinceUtc}, in {@code order}, starting after the
   * post {@code afterId} (null for the first page), at most {@code limit}.
   */
  public List<SandboxPost> listPosts(String subreddit, PostOrder order, long sinceUtc, String afterId, int limit) {
    String key = order.column;
    String sql = "SELECT " + POST_COLUMNS + " FROM sandbox_post p WHERE subreddit = ? COLLATE NOCASE"
        + " AND created_utc >= ?"
        + (afterId == null ? " AND ? IS NULL" : " AND EXISTS (SELECT 1 FROM sandbox_post a WHERE a.id = ?"
            + " AND (p." + key + " < a." + key + " OR (p." + key + " = a." + key + " AND p.seq < a.seq)))")
        + " ORDER BY " + key + " DESC, seq DESC LIMIT ?";
    return posts(sql, subreddit, sinceUtc, afterId, limit);
  }

  /** Every comment under a post, oldest first (callers build the tree from {@code parentId}). */
  public List<SandboxComment> commentsOfPost(String postId) {
    return comments("SELECT " + COMMENT_COLUMNS + " FROM sandbox_comment WHERE link_id = ? ORDER BY seq",
        "t3_" + postId);
  }

  /** An author's posts, newest first, after the post {@code afterId} (null for the first page). */
  public List<SandboxPost> postsByAuthor(String author, String afterId, int limit) {
    return posts("SELECT " + POST_COLUMNS + " FROM sandbox_post WHERE author = ? COLLATE NOCASE"
        + " AND seq < COALESCE((SELECT seq FROM sandbox_post WHERE id = ?), 9223372036854775807)"
        + " ORDER BY seq DESC LIMIT ?", author, afterId, limit);
  }

  /** An author's comments, newest first, after the comment {@code afterId} (null for the first page). */
  public List<SandboxComment> commentsByAuthor(String author, String afterId, int limit) {
    return comments("SELECT " + COMMENT_COLUMNS + " FROM sandbox_comment WHERE author = ? COLLATE NOCASE"
        + " AND seq < COALESCE((SELECT seq FROM sandbox_comment WHERE id = ?), 9223372036854775807)"
        + " ORDER BY seq DESC LIMIT ?", author, afterId, limit);
  }

  /** How many comments a post has. */
  public long countComments(String postId) {
    return queryLong("SELECT COUNT(*) FROM sandbox_comment WHERE link_id = ?", "t3_" + postId);
  }

  /** How many posts carry exactly this title (tests use it to prove nothing was published twice). */
  public long countPostsTitled(String title) {
    return queryLong("SELECT COUNT(*) FROM sandbox_post WHERE title = ?", title);
  }

  /** How many comments carry exactly this body. */
  public long countCommentsWithBody(String body) {
    return queryLong("SELECT COUNT(*) FROM sandbox_comment WHERE body = ?", body);
  }

  /** Reddit's "hot" rank: log-scaled score plus recency, one order of magnitude worth 12.5 hours. */
  static double hot(long score, long createdUtc) {
    double order = Math.log10(Math.max(Math.abs(score), 1));
    return Math.signum(score) * order + (createdUtc - 1_134_028_003L) / 45_000.0;
  }

  /** A fresh base-36 id: the sum of both tables' highest seq grows with every insert into either. */
  private static String nextId(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT (SELECT COALESCE(MAX(seq), 0) FROM sandbox_post)"
        + " + (SELECT COALESCE(MAX(seq), 0) FROM sandbox_comment)"); ResultSet r = s.executeQuery()) {
      r.next();
      return Long.toString(GENERATED_ID_OFFSET + r.getLong(1) + 1, 36);
    }
  }

  private List<SandboxPost> posts(String sql, Object... args) {
    return db.read(c -> {
      List<SandboxPost> out = new ArrayList<>();
      try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new SandboxPost(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6), r.getLong(7), r.getLong(8), r.getInt(9) != 0));
        }
      }
      return out;
    });
  }

  private List<SandboxComment> comments(String sql, Object... args) {
    return db.read(c -> {
      List<SandboxComment> out = new ArrayList<>();
      try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new SandboxComment(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getLong(7), r.getLong(8)));
        }
      }
      return out;
    });
  }

  private long queryLong(String sql, Object... args) {
    return db.read(c -> {
      try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, args)) {
      s.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
