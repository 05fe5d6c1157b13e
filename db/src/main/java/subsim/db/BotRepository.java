package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Bots, one per configured subreddit; the YAML configuration is their source of truth. */
public final class BotRepository {

  private static final String COLUMNS = "id, name, source_subreddit, target_subreddit, account, created_at";

  private final Database db;

  BotRepository(Database db) {
    this.db = db;
  }

  /** Records the bot named {@code name} as configured now, creating it if new, and returns its id. */
  public long upsert(String name, String sourceSubreddit, String targetSubreddit, String account) {
    return db.write(c -> {
      Optional<Long> existing = Sql.one(c, "SELECT id FROM bots WHERE name = ?", row -> row.getLong(1), name);
      if (existing.isPresent()) {
        Sql.update(c, "UPDATE bots SET source_subreddit = ?, target_subreddit = ?, account = ? WHERE id = ?",
            sourceSubreddit, targetSubreddit, account, existing.get());
        return existing.get();
      }
      return Sql.insert(c,
          "INSERT INTO bots (name, source_subreddit, target_subreddit, account, created_at) VALUES (?, ?, ?, ?, ?)",
          name, sourceSubreddit, targetSubreddit, account, db.clock().instant());
    });
  }

  public Optional<BotRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM bots WHERE id = ?", BotRepository::map, id));
  }

  public Optional<BotRow> findByName(String name) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM bots WHERE name = ?", BotRepository::map, name));
  }

  /** Every bot, by name. */
  public List<BotRow> findAll() {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM bots ORDER BY name", BotRepository::map));
  }

  private static BotRow map(ResultSet row) throws SQLException {
    return new BotRow(row.getLong("id"), row.getString("name"), row.getString("source_subreddit"),
        row.getString("target_subreddit"), row.getString("account"), Sql.instant(row, "created_at"));
  }
}
