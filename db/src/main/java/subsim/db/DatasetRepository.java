package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Imports of the bots' training data. */
public final class DatasetRepository {

  private static final String COLUMNS =
      "id, bot_id, source_files, post_count, comment_count, fingerprint, imported_at";

  private final Database db;

  DatasetRepository(Database db) {
    this.db = db;
  }

  /** Records an import made now and returns its id; file names must be on one line each. */
  public long insert(long botId, List<String> sourceFiles, long postCount, long commentCount, String fingerprint) {
    for (String name : sourceFiles) {
      if (name.contains("\n")) {
        throw new IllegalArgumentException("source file name holds a line break: " + name);
      }
    }
    return db.write(c -> Sql.insert(c,
        "INSERT INTO datasets (bot_id, source_files, post_count, comment_count, fingerprint, imported_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        botId, Lines.join(sourceFiles), postCount, commentCount, fingerprint, db.clock().instant()));
  }

  public Optional<DatasetRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM datasets WHERE id = ?", DatasetRepository::map, id));
  }

  /** The bot's most recent import: the last recorded, whatever the clock said (it may step back). */
  public Optional<DatasetRow> findLatestByBot(long botId) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM datasets WHERE bot_id = ?"
        + " ORDER BY id DESC LIMIT 1", DatasetRepository::map, botId));
  }

  private static DatasetRow map(ResultSet row) throws SQLException {
    return new DatasetRow(row.getLong("id"), row.getLong("bot_id"), Lines.split(row.getString("source_files")),
        row.getLong("post_count"), row.getLong("comment_count"), row.getString("fingerprint"),
        Sql.instant(row, "imported_at"));
  }
}
