package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.db.Database;
import subsim.db.Generation;

class DbBackupCommandTest {

  @TempDir Path dir;

  @Test
  void backsUpWhileAnotherConnectionKeepsWriting() throws Exception {
    Path file = dir.resolve("subsim.db");
    Path backup = dir.resolve("backup.db");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong written = new AtomicLong();
    try (Database db = Database.open(file)) {
      long bot = db.bots().upsert("rust", "rust", "SubSimulatorTest", "rust_bot");
      Generation generation = new Generation(List.of("cargo"), "temperature=0.9", 1, null, Instant.EPOCH, 10);
      Thread writer = new Thread(() -> {
        while (writing.get()) {
          db.posts().insert(bot, "SubSimulatorTest", "post " + written.get(), "", "[synthetic]", generation);
          written.incrementAndGet();
        }
      });
      writer.start();
      while (written.get() < 20) {
        Thread.sleep(10);
      }
      CliRun run = CliRun.of("db", "backup", "--db", file.toString(), backup.toString());
      writing.set(false);
      writer.join();
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.out().startsWith("backed up " + file + " to " + backup), run.out());
    }
    try (Database copy = Database.open(backup)) {
      assertEquals(List.of("ok"), copy.integrityCheck());
      long posts = copy.tableCounts().get("posts");
      assertTrue(posts >= 20 && posts <= written.get(), posts + " of " + written.get());
      assertEquals(posts, copy.tableCounts().get("publications"));
    }
  }

  @Test
  void refusesToOverwriteAFile() throws Exception {
    Path file = dir.resolve("subsim.db");
    Database.open(file).close();
    Path existing = Files.writeString(dir.resolve("keep.txt"), "precious");
    CliRun run = CliRun.of("db", "backup", "--db", file.toString(), existing.toString());
    assertEquals(2, run.exit());
    assertEquals("subsim: " + existing + ": already exists; back up into a new file",
        DbStatsCommandTest.lastLine(run.err()));
    assertEquals("precious", Files.readString(existing));
  }
}
