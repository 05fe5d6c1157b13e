package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunRepositoryTest {

  @TempDir Path dir;

  @Test
  void runAdvancesThenSucceedsWithItsModel() {
    TestClock clock = new TestClock(Fixtures.T0);
    try (Database db = Database.open(dir.resolve("s.db"), clock)) {
      long bot = Fixtures.bot(db, "rust");
      long run = db.trainingRuns().start(bot, null, 500);
      db.trainingRuns().recordProgress(run, 250, 3.5);
      assertEquals(List.of(run), db.trainingRuns().findRunning().stream().map(TrainingRunRow::id).toList());
      long model = db.models().insert(bot, null, "models/rust-1", "tiny", "tiny", 500, 3.2, 24.5);
      db.trainingRuns().succeed(run, model);

      TrainingRunRow row = db.trainingRuns().findById(run).orElseThrow();
      assertEquals(new TrainingRunRow(run, bot, null, model, RunStatus.SUCCEEDED, 250, 500, 3.5, null,
          Fixtures.T0, Fixtures.T0), row);
      assertEquals(List.of(), db.trainingRuns().findRunning());
      assertThrows(IllegalStateException.class, () -> db.trainingRuns().fail(run, "too late"));
    }
  }

  @Test
  void aRunStoppedByAShutdownKeepsTheStepItReached() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long run = db.trainingRuns().start(Fixtures.bot(db, "rust"), null, 500);
      db.trainingRuns().recordProgress(run, 40, 4.1);
      db.trainingRuns().stop(run, 44, "the next start resumes");
      TrainingRunRow stopped = db.trainingRuns().findById(run).orElseThrow();
      assertEquals(RunStatus.STOPPED, stopped.status());
      assertEquals(44, stopped.steps());
      assertEquals("the next start resumes", stopped.error());
      assertEquals(List.of(), db.trainingRuns().findRunning());
      assertThrows(IllegalStateException.class, () -> db.trainingRuns().succeed(run, 1));
    }
  }

  @Test
  void interruptedRunCanBeFailedAfterARestart() {
    Path file = dir.resolve("s.db");
    long run;
    try (Database db = Database.open(file)) {
      run = db.trainingRuns().start(Fixtures.bot(db, "rust"), null, 500);
    }
    try (Database db = Database.open(file)) {
      TrainingRunRow left = db.trainingRuns().findRunning().get(0);
      assertEquals(run, left.id());
      db.trainingRuns().fail(left.id(), "interrupted by a restart");
      TrainingRunRow failed = db.trainingRuns().findRecentByBot(left.botId(), 5).get(0);
      assertEquals(RunStatus.FAILED, failed.status());
      assertEquals("interrupted by a restart", failed.error());
    }
  }
}
