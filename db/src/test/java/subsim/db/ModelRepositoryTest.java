package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

  @TempDir Path dir;

  @Test
  void newestModelOfEachBot() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long rust = Fixtures.bot(db, "rust");
      long python = Fixtures.bot(db, "python");
      assertTrue(db.models().findNewestByBot(rust).isEmpty());
      long old = db.models().insert(rust, null, "models/rust-1", "tiny", "tiny", 100, null, null);
      clock.advance(Duration.ofDays(1));
      long newer = db.models().insert(rust, null, "models/rust-2", "models/rust-1", "tiny", 600, 3.1, 22.2);
      long other = db.models().insert(python, null, "models/python-1", "124M", "124M", 50, 4.0, 54.6);

      ModelRow newest = db.models().findNewestByBot(rust).orElseThrow();
      assertEquals(new ModelRow(newer, rust, null, "models/rust-2", "models/rust-1", "tiny", 600, 3.1, 22.2,
          Fixtures.T0.plus(Duration.ofDays(1))), newest);
      assertEquals(other, db.models().findNewestByBot(python).orElseThrow().id());
      assertEquals(List.of(newer, old), db.models().findByBot(rust).stream().map(ModelRow::id).toList());
      assertNull(db.models().findById(old).orElseThrow().validationPerplexity());
    }
  }

  @Test
  void theLastRecordedModelIsNewestEvenWhenTheClockSteppedBack() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long rust = Fixtures.bot(db, "rust");
      db.models().insert(rust, null, "models/rust-1", "tiny", "tiny", 100, null, null);
      clock.advance(Duration.ofHours(-1));
      long trainedSince = db.models().insert(rust, null, "models/rust-2", "tiny", "tiny", 200, null, null);
      assertEquals(trainedSince, db.models().findNewestByBot(rust).orElseThrow().id());
    }
  }
}
