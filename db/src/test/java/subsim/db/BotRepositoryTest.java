package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotRepositoryTest {

  @TempDir Path dir;

  @Test
  void upsertCreatesOnceAndFollowsTheConfiguration() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long id = db.bots().upsert("rust", "rust", "SubSimulatorTest", "rust_bot");
      assertEquals(id, db.bots().upsert("rust", "rust", "SubSimulatorGPT2", "rust_bot2"));
      BotRow bot = db.bots().findById(id).orElseThrow();
      assertEquals(new BotRow(id, "rust", "rust", "SubSimulatorGPT2", "rust_bot2", Fixtures.T0), bot);
      assertEquals(bot, db.bots().findByName("rust").orElseThrow());
      assertTrue(db.bots().findByName("python").isEmpty());
      db.bots().upsert("askscience", "askscience", "SubSimulatorTest", "sci_bot");
      assertEquals(List.of("askscience", "rust"), db.bots().findAll().stream().map(BotRow::name).toList());
    }
  }
}
