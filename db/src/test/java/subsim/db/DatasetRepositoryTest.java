package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRepositoryTest {

  @TempDir Path dir;

  @Test
  void latestImportOfABotWins() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long bot = Fixtures.bot(db, "rust");
      assertTrue(db.datasets().findLatestByBot(bot).isEmpty());
      db.datasets().insert(bot, List.of("a.jsonl"), 10, 20, "sha256:1");
      clock.advance(Duration.ofHours(1));
      long second = db.datasets().insert(bot, List.of("a.jsonl", "b.csv"), 15, 40, "sha256:2");
      DatasetRow latest = db.datasets().findLatestByBot(bot).orElseThrow();
      assertEquals(new DatasetRow(second, bot, List.of("a.jsonl", "b.csv"), 15, 40, "sha256:2",
          Fixtures.T0.plus(Duration.ofHours(1))), latest);
      assertEquals(latest, db.datasets().findById(second).orElseThrow());
      assertThrows(IllegalArgumentException.class,
          () -> db.datasets().insert(bot, List.of("two\nlines"), 1, 1, "x"));
    }
  }

  @Test
  void theLastRecordedImportIsLatestEvenWhenTheClockSteppedBack() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long bot = Fixtures.bot(db, "rust");
      db.datasets().insert(bot, List.of("a.jsonl"), 10, 20, "sha256:1");
      clock.advance(Duration.ofHours(-1));
      long second = db.datasets().insert(bot, List.of("a.jsonl"), 12, 20, "sha256:2");
      assertEquals(second, db.datasets().findLatestByBot(bot).orElseThrow().id());
    }
  }
}
