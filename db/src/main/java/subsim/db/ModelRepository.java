package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The bots' trained models. */
public final class ModelRepository {

  private static final String COLUMNS = "id, bot_id, dataset_id, folder, base, model_size, steps,"
      + " validation_loss, validation_perplexity, created_at";

  private final Database db;

  ModelRepository(Database db) {
    this.db = db;
  }

  /** Records a model created now and returns its id; validation figures may be {@code null}. */
  public long insert(long botId, Long datasetId, String folder, String base, String size, long steps,
      Double validationLoss, Double validationPerplexity) {
    return db.write(c -> Sql.insert(c,
        "INSERT INTO models (bot_id, dataset_id, folder, base, model_size, steps, validation_loss,"
            + " validation_perplexity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        botId, datasetId, folder, base, size, steps, validationLoss, validationPerplexity, db.clock().instant()));
  }

  public Optional<ModelRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM models WHERE id = ?", ModelRepository::map, id));
  }

  /**
   * The model the bot should generate with: the last recorded, whatever the clock said (a clock stepped back would
   * otherwise hide the new model, and the service would train again at every check).
   */
  public Optional<ModelRow> findNewestByBot(long botId) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM models WHERE bot_id = ?"
        + " ORDER BY id DESC LIMIT 1", ModelRepository::map, botId));
  }

  /** All the bot's models, newest first. */
  public List<ModelRow> findByBot(long botId) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM models WHERE bot_id = ?"
        + " ORDER BY id DESC", ModelRepository::map, botId));
  }

  private static ModelRow map(ResultSet row) throws SQLException {
    return new ModelRow(row.getLong("id"), row.getLong("bot_id"), Sql.nullableLong(row, "dataset_id"),
        row.getString("folder"), row.getString("base"), row.getString("model_size"), row.getLong("steps"),
        Sql.nullableDouble(row, "validation_loss"), Sql.nullableDouble(row, "validation_perplexity"),
        Sql.instant(row, "created_at"));
  }
}
