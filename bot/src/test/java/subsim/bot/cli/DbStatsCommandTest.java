package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.db.Database;
import subsim.db.Generation;
import subsim.db.ItemKind;

class DbStatsCommandTest {

  @TempDir Path dir;

  @Test
  void printsRowsPerTableAndStatesPerBot() {
    Path file = dir.resolve("subsim.db");
    try (Database db = Database.open(file)) {
      long rust = db.bots().upsert("rust", "rust", "SubSimulatorTest", "rust_bot");
      db.bots().upsert("python", "python", "SubSimulatorTest", "python_bot");
      Generation generation = new Generation(List.of("cargo"), "temperature=0.9", 1, null, Instant.EPOCH, 10);
      for (String title : List.of("a", "b", "c")) {
        db.posts().insert(rust, "SubSimulatorTest", title, "", "[synthetic]", generation);
      }
      db.publications().reject(db.publications().findByItem(ItemKind.POST, 1).orElseThrow().id(), "duplicate");
    }

    CliRun run = CliRun.of("db", "stats", "--db", file.toString());
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.out().lines().map(line -> line.strip().replaceAll("\\s+", " ")).toList();
    assertTrue(lines.contains("bots 2"), run.out());
    assertTrue(lines.contains("posts 3"), run.out());
    assertTrue(lines.contains("state all python rust"), run.out());
    assertTrue(lines.contains("GENERATED 2 0 2"), run.out());
    assertTrue(lines.contains("REJECTED 1 0 1"), run.out());
  }

  @Test
  void missingDatabaseIsAnErrorNotANewFile() {
    Path file = dir.resolve("nothing-here.db");
    CliRun run = CliRun.of("db", "--db", file.toString(), "stats");
    assertEquals(2, run.exit());
    assertEquals("subsim: " + file + ": no database file here", lastLine(run.err()));
    assertTrue(!file.toFile().exists());
    CliRun byDefault = CliRun.of("db", "stats"); // var/subsim.db, relative to the module folder: never there
    assertEquals(2, byDefault.exit());
    assertTrue(lastLine(byDefault.err()).endsWith(": no database file here (give it with --db FILE or --config FILE)"),
        byDefault.err());
  }

  @Test
  void anEmptyFileIsNotTurnedIntoADatabase() throws Exception {
    Path file = java.nio.file.Files.createFile(dir.resolve("empty.txt"));
    CliRun run = CliRun.of("db", "--db", file.toString(), "stats");
    assertEquals(2, run.exit());
    assertEquals("subsim: " + file + ": an empty file, not a subsim database", lastLine(run.err()));
    assertEquals(0, java.nio.file.Files.size(file));
  }

  static String lastLine(String text) {
    return text.strip().lines().reduce((first, second) -> second).orElse("");
  }

  @Test
  void takesTheDatabaseFromTheServiceConfiguration() throws Exception {
    Path file = dir.resolve("var/store.db");
    java.nio.file.Files.createDirectories(file.getParent());
    try (Database db = Database.open(file)) {
      db.bots().upsert("rust", "rust", "SubSimulatorTest", "rust_bot");
    }
    java.nio.file.Files.writeString(dir.resolve("rust.jsonl"), "{}\n");
    Path config = java.nio.file.Files.writeString(dir.resolve("subsim.yaml"), """
        database: %s
        bots:
          - name: rust
            source_subreddit: rust
            target_subreddit: SubSimulatorTest
            data: {files: [%s]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: rust_bot, client_id: id, client_secret: s, password: p}
        """.formatted(file, dir.resolve("rust.jsonl")));
    CliRun run = CliRun.of("db", "stats", "--config", config.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("store.db"), run.out());
    assertTrue(run.out().lines().anyMatch(line -> line.strip().replaceAll("\\s+", " ").equals("bots 1")), run.out());

    CliRun both = CliRun.of("db", "--db", file.toString(), "stats", "--config", config.toString());
    assertEquals(2, both.exit());
    assertEquals("subsim: give the database with --db or --config, not both", lastLine(both.err()));

    java.nio.file.Files.writeString(config, "database: [1]\ncolour: red\n");
    CliRun bad = CliRun.of("db", "stats", "--config", config.toString());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().startsWith("subsim: " + config + ":"), bad.err());
    assertTrue(bad.err().contains("more; 'subsim run --config"), bad.err());
  }
}
