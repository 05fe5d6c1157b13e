package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Generated posts. Each is created with its publication, in state {@code GENERATED}. */
public final class PostRepository {

  static final String COLUMNS = "id, bot_id, subreddit, title, body, label, " + GenerationColumns.NAMES;

  private final Database db;

  PostRepository(Database db) {
    this.db = db;
  }

  /** Records a post meant for {@code subreddit} and its publication; returns the post id. */
  public long insert(long botId, String subreddit, String title, String body, String label, Generation generation) {
    return db.write(c -> {
      long id = Sql.insert(c, "INSERT INTO posts (bot_id, subreddit, title, body, label, " + GenerationColumns.NAMES
              + ") VALUES (?, ?, ?, ?, ?, " + GenerationColumns.PLACEHOLDERS + ")",
          Sql.concat(new Object[] {botId, subreddit, title, body, label},
              GenerationColumns.values(generation)));
      PublicationRepository.create(c, ItemKind.POST, id, botId, db.clock().instant());
      return id;
    });
  }

  public Optional<PostRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM posts WHERE id = ?", PostRepository::map, id));
  }

  /** The bot's latest posts, newest first, whatever their publishing state. */
  public List<PostRow> findRecentByBot(long botId, int limit) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM posts WHERE bot_id = ?"
        + " ORDER BY generated_at DESC, id DESC LIMIT ?", PostRepository::map, botId, limit));
  }

  /** The bot's posts generated after {@code since} that count against a limit: every one not rejected. */
  public long countNotRejectedSince(long botId, Instant since) {
    return db.read(c -> Sql.number(c, "SELECT COUNT(*) FROM posts JOIN publications ON publications.post_id = posts.id"
        + " WHERE posts.bot_id = ? AND posts.generated_at > ? AND publications.state <> ?", botId, since,
        PublishState.REJECTED));
  }

  /** Whether the bot already wrote a post with exactly this title (rejected ones included). */
  public boolean existsWithTitle(long botId, String title) {
    return db.read(c -> Sql.number(c, "SELECT COUNT(*) FROM posts WHERE bot_id = ? AND title = ?", botId, title) > 0);
  }

  static PostRow map(ResultSet row) throws SQLException {
    return new PostRow(row.getLong("id"), row.getLong("bot_id"), row.getString("subreddit"), row.getString("title"),
        row.getString("body"), row.getString("label"), GenerationColumns.map(row));
  }
}
