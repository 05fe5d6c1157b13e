package subsim.db;

import static subsim.db.PublishState.FAILED;
import static subsim.db.PublishState.GENERATED;
import static subsim.db.PublishState.PUBLISHED;
import static subsim.db.PublishState.PUBLISHING;
import static subsim.db.PublishState.QUEUED;
import static subsim.db.PublishState.REJECTED;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * The publishing state machine of every generated item. Each transition is one conditional UPDATE
 * ({@code ... WHERE id = ? AND state = ?}) checked by its row count, so of two threads or processes making
 * the same move only one succeeds; the other gets an {@link IllegalTransitionException}.
 */
public final class PublicationRepository {

  static final String COLUMNS = "id, item_key, kind, post_id, comment_id, bot_id, state, reason, error, attempts,"
      + " retry_at, fullname, url, published_at, updated_at";

  private final Database db;

  PublicationRepository(Database db) {
    this.db = db;
  }

  /** Creates the publication of a newly recorded item, in the item's own transaction. */
  static long create(Connection c, ItemKind kind, long itemId, long botId, Instant now) throws SQLException {
    String itemColumn = kind == ItemKind.POST ? "post_id" : "comment_id";
    long id = Sql.insert(c, "INSERT INTO publications (item_key, kind, " + itemColumn
            + ", bot_id, state, attempts, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
        UUID.randomUUID().toString(), kind, itemId, botId, GENERATED, now);
    recordChange(c, id, null, GENERATED, null, now);
    return id;
  }

  /** {@code GENERATED -> QUEUED}: passed the filters, to be published. */
  public void queue(long id) {
    move(id, GENERATED, QUEUED, null, "");
  }

  /** {@code GENERATED -> REJECTED}: a filter refused it, for {@code reason}. */
  public void reject(long id, String reason) {
    move(id, GENERATED, REJECTED, reason, ", reason = ?", reason);
  }

  /**
   * {@code QUEUED or FAILED -> PUBLISHING}: claims the item for one publisher, in one step so that a retry never
   * looks like a fresh item to another publisher. Returns the item as it was before: its attempts say whether an
   * earlier try may have reached Reddit. Throws if another publisher claimed it first.
   */
  public PublicationRow claim(long id) {
    return db.write(c -> {
      // Write transactions begin IMMEDIATE: nothing can change the row between this read and the update.
      PublicationRow before = Sql.one(c, "SELECT " + COLUMNS + " FROM publications WHERE id = ?",
              PublicationRepository::map, id)
          .orElseThrow(() -> new NoSuchElementException("no publication " + id));
      if (!before.state().canMoveTo(PUBLISHING)) {
        throw new IllegalTransitionException(id, before.state(), PUBLISHING);
      }
      Instant now = db.clock().instant();
      Sql.update(c, "UPDATE publications SET state = ?, updated_at = ?, attempts = attempts + 1, retry_at = NULL"
          + " WHERE id = ?", PUBLISHING, now, id);
      recordChange(c, id, before.state(), PUBLISHING, null, now);
      return before;
    });
  }

  /** {@code PUBLISHING -> PUBLISHED}: Reddit holds it as {@code fullname} at {@code url}. */
  public void markPublished(long id, String fullname, String url, Instant publishedAt) {
    move(id, PUBLISHING, PUBLISHED, fullname, ", fullname = ?, url = ?, published_at = ?, retry_at = NULL",
        fullname, url, publishedAt);
  }

  /** {@code PUBLISHING -> FAILED}: known not published; retry at {@code retryAt}, or never when null. */
  public void markFailed(long id, String error, Instant retryAt) {
    move(id, PUBLISHING, FAILED, error, ", error = ?, retry_at = ?", error, retryAt);
  }

  /**
   * {@code PUBLISHING -> FAILED}, undoing the claim's count of tries: Reddit refused the item before storing
   * anything (a rate limit), so the try neither uses one of its tries nor calls for a look-up before the next.
   */
  public void markRefused(long id, String error, Instant retryAt) {
    move(id, PUBLISHING, FAILED, error, ", error = ?, retry_at = ?, attempts = attempts - 1", error, retryAt);
  }

  private void move(long id, PublishState from, PublishState to, String detail, String assignments,
      Object... values) {
    if (!from.canMoveTo(to)) {
      throw new IllegalTransitionException(id, from, to);
    }
    db.write(c -> {
      Instant now = db.clock().instant();
      Object[] params = Sql.concat(Sql.concat(new Object[] {to, now}, values), id, from);
      int changed = Sql.update(c,
          "UPDATE publications SET state = ?, updated_at = ?" + assignments + " WHERE id = ? AND state = ?", params);
      if (changed == 0) {
        PublishState current = Sql.one(c, "SELECT state FROM publications WHERE id = ?",
                row -> PublishState.valueOf(row.getString(1)), id)
            .orElseThrow(() -> new NoSuchElementException("no publication " + id));
        throw new IllegalTransitionException(id, current, to);
      }
      recordChange(c, id, from, to, detail, now);
      return null;
    });
  }

  private static void recordChange(Connection c, long id, PublishState from, PublishState to, String detail,
      Instant at) throws SQLException {
    Sql.insert(c, "INSERT INTO publication_events (publication_id, from_state, to_state, detail, at)"
        + " VALUES (?, ?, ?, ?, ?)", id, from, to, detail, at);
  }

  public Optional<PublicationRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM publications WHERE id = ?",
        PublicationRepository::map, id));
  }

  public Optional<PublicationRow> findByKey(String key) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM publications WHERE item_key = ?",
        PublicationRepository::map, key));
  }

  /** The publication of a post or a comment. */
  public Optional<PublicationRow> findByItem(ItemKind kind, long itemId) {
    String itemColumn = kind == ItemKind.POST ? "post_id" : "comment_id";
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM publications WHERE " + itemColumn + " = ?",
        PublicationRepository::map, itemId));
  }

  /**
   * The bot's items to publish now: queued, or failed with a retry time that has come; oldest first. Per bot, so
   * that items another bot cannot publish (a reply whose parent never reached Reddit) never crowd these out.
   */
  public List<PublicationRow> findDue(long botId, Instant now, int limit) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM publications WHERE bot_id = ?"
            + " AND (state = ? OR (state = ? AND retry_at IS NOT NULL AND retry_at <= ?)) ORDER BY id LIMIT ?",
        PublicationRepository::map, botId, QUEUED, FAILED, now, limit));
  }

  /**
   * The bot's items still {@code GENERATED}. At start-up these are ones a crash caught between being recorded and
   * their filters' verdict, which is the next transaction.
   */
  public List<PublicationRow> findGenerated(long botId) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM publications WHERE bot_id = ? AND state = ?"
        + " ORDER BY id", PublicationRepository::map, botId, GENERATED));
  }

  /**
   * Items left in {@code PUBLISHING}. At start-up these were interrupted mid-publish: whether Reddit got them
   * is unknown, so the caller reconciles each ({@link #markPublished} or {@link #markFailed}), never retries it.
   */
  public List<PublicationRow> findPublishing() {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM publications WHERE state = ? ORDER BY id",
        PublicationRepository::map, PUBLISHING));
  }

  /** Every transition of the item, oldest first. */
  public List<StateChange> findHistory(long id) {
    return db.read(c -> Sql.list(c, "SELECT id, publication_id, from_state, to_state, detail, at"
        + " FROM publication_events WHERE publication_id = ? ORDER BY id", PublicationRepository::mapChange, id));
  }

  /** How many items are in each state; every state is present. */
  public Map<PublishState, Long> countByState() {
    return db.read(c -> counts(c, "SELECT state, COUNT(*) FROM publications GROUP BY state"));
  }

  /** How many of the bot's items are in each state; every state is present. */
  public Map<PublishState, Long> countByState(long botId) {
    return db.read(c -> counts(c, "SELECT state, COUNT(*) FROM publications WHERE bot_id = ? GROUP BY state",
        botId));
  }

  private static Map<PublishState, Long> counts(Connection c, String sql, Object... params) throws SQLException {
    Map<PublishState, Long> counts = new EnumMap<>(PublishState.class);
    for (PublishState state : PublishState.values()) {
      counts.put(state, 0L);
    }
    for (Map.Entry<PublishState, Long> row : Sql.list(c, sql,
        r -> Map.entry(PublishState.valueOf(r.getString(1)), r.getLong(2)), params)) {
      counts.put(row.getKey(), row.getValue());
    }
    return counts;
  }

  /** The latest failed attempts, newest first, including those later retried successfully. */
  public List<PublishError> findRecentErrors(int limit) {
    return db.read(c -> Sql.list(c,
        "SELECT p.id, p.item_key, p.kind, p.bot_id, b.name, e.detail, e.at FROM publication_events e"
            + " JOIN publications p ON p.id = e.publication_id JOIN bots b ON b.id = p.bot_id"
            + " WHERE e.to_state = ? ORDER BY e.at DESC, e.id DESC LIMIT ?",
        row -> new PublishError(row.getLong(1), row.getString(2), ItemKind.valueOf(row.getString(3)),
            row.getLong(4), row.getString(5), row.getString(6), Sql.instant(row, "at")),
        FAILED, limit));
  }

  static PublicationRow map(ResultSet row) throws SQLException {
    ItemKind kind = ItemKind.valueOf(row.getString("kind"));
    long itemId = row.getLong(kind == ItemKind.POST ? "post_id" : "comment_id");
    return new PublicationRow(row.getLong("id"), row.getString("item_key"), kind, itemId, row.getLong("bot_id"),
        PublishState.valueOf(row.getString("state")), row.getString("reason"), row.getString("error"),
        row.getInt("attempts"), Sql.instant(row, "retry_at"), row.getString("fullname"), row.getString("url"),
        Sql.instant(row, "published_at"), Sql.instant(row, "updated_at"));
  }

  private static StateChange mapChange(ResultSet row) throws SQLException {
    String from = row.getString("from_state");
    return new StateChange(row.getLong("id"), row.getLong("publication_id"),
        from == null ? null : PublishState.valueOf(from), PublishState.valueOf(row.getString("to_state")),
        row.getString("detail"), Sql.instant(row, "at"));
  }
}
