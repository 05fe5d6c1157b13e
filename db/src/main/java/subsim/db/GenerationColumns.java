package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The generation metadata columns that posts and comments share. */
final class GenerationColumns {

  static final String NAMES = "keywords, parameters, seed, model_id, generated_at, generation_millis";
  static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?";

  private GenerationColumns() {}

  static Object[] values(Generation generation) {
    return new Object[] {Lines.join(generation.keywords()), generation.parameters(), generation.seed(),
        generation.modelId(), generation.generatedAt(), generation.generationMillis()};
  }

  static Generation map(ResultSet row) throws SQLException {
    return new Generation(Lines.split(row.getString("keywords")), row.getString("parameters"), row.getLong("seed"),
        Sql.nullableLong(row, "model_id"), Sql.instant(row, "generated_at"), row.getLong("generation_millis"));
  }
}
