package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Training runs: started, advanced, then succeeded with a model, failed with an error, or stopped by a shutdown. */
public final class TrainingRunRepository {

  private static final String COLUMNS = "id, bot_id, dataset_id, model_id, status, steps, total_steps, loss,"
      + " error, started_at, finished_at";

  private final Database db;

  TrainingRunRepository(Database db) {
    this.db = db;
  }

  /** Records a run starting now and returns its id. */
  public long start(long botId, Long datasetId, long totalSteps) {
    return db.write(c -> Sql.insert(c,
        "INSERT INTO training_runs (bot_id, dataset_id, status, steps, total_steps, started_at)"
            + " VALUES (?, ?, ?, 0, ?, ?)",
        botId, datasetId, RunStatus.RUNNING, totalSteps, db.clock().instant()));
  }

  /** Records how far a running run got. */
  public void recordProgress(long id, long steps, double loss) {
    updateRunning(id, "steps = ?, loss = ?", steps, loss);
  }

  /** Marks a running run succeeded with the model it produced. */
  public void succeed(long id, long modelId) {
    updateRunning(id, "status = ?, model_id = ?, finished_at = ?", RunStatus.SUCCEEDED, modelId,
        db.clock().instant());
  }

  /** Marks a running run failed. */
  public void fail(long id, String error) {
    updateRunning(id, "status = ?, error = ?, finished_at = ?", RunStatus.FAILED, error, db.clock().instant());
  }

  /** Marks a running run stopped by a shutdown after {@code steps} steps, with a note for people. */
  public void stop(long id, long steps, String note) {
    updateRunning(id, "status = ?, steps = ?, error = ?, finished_at = ?", RunStatus.STOPPED, steps, note,
        db.clock().instant());
  }

  private void updateRunning(long id, String assignments, Object... values) {
    Object[] params = Sql.concat(values, id, RunStatus.RUNNING);
    int changed = db.write(c ->
        Sql.update(c, "UPDATE training_runs SET " + assignments + " WHERE id = ? AND status = ?", params));
    if (changed == 0) {
      throw new IllegalStateException("training run " + id + " is not running");
    }
  }

  public Optional<TrainingRunRow> findById(long id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM training_runs WHERE id = ?",
        TrainingRunRepository::map, id));
  }

  /** The bot's most recent runs, newest first. */
  public List<TrainingRunRow> findRecentByBot(long botId, int limit) {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM training_runs WHERE bot_id = ?"
        + " ORDER BY started_at DESC, id DESC LIMIT ?", TrainingRunRepository::map, botId, limit));
  }

  /** Runs marked running; after a restart these were interrupted and should be failed. */
  public List<TrainingRunRow> findRunning() {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM training_runs WHERE status = ? ORDER BY id",
        TrainingRunRepository::map, RunStatus.RUNNING));
  }

  private static TrainingRunRow map(ResultSet row) throws SQLException {
    return new TrainingRunRow(row.getLong("id"), row.getLong("bot_id"), Sql.nullableLong(row, "dataset_id"),
        Sql.nullableLong(row, "model_id"), RunStatus.valueOf(row.getString("status")), row.getLong("steps"),
        row.getLong("total_steps"), Sql.nullableDouble(row, "loss"), row.getString("error"),
        Sql.instant(row, "started_at"), Sql.instant(row, "finished_at"));
  }
}
