package subsim.db;

import java.time.Instant;
import java.util.List;

/** Small rows the tests record. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

  private Fixtures() {}

  static Generation generation(long seed) {
    return new Generation(List.of("rust", "borrow checker"), "temperature=0.9 top_k=40", seed, null, T0, 125);
  }

  static long bot(Database db, String name) {
    return db.bots().upsert(name, name, "SubSimulatorTest", name + "_bot");
  }

  static long post(Database db, long botId, String title) {
    return db.posts().insert(botId, "SubSimulatorTest", title, "body of " + title, "[synthetic]", generation(1));
  }
}
