package subsim.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;

  @Test
  void opensNewFileInWalModeWithForeignKeysAndBusyTimeout() {
    Path file = dir.resolve("nested/folder/subsim.db");
    try (Database db = Database.open(file)) {
      assertTrue(Files.exists(file));
      assertEquals("wal", db.read(c -> Sql.one(c, "PRAGMA journal_mode", r -> r.getString(1)).orElseThrow()));
      assertEquals(1L, (long) db.read(c -> Sql.number(c, "PRAGMA foreign_keys")));
      assertEquals((long) Database.BUSY_TIMEOUT_MILLIS, (long) db.read(c -> Sql.number(c, "PRAGMA busy_timeout")));
      // FULL (2) on both kinds of connection: a crash test cannot tell, since the OS keeps what a killed JVM wrote.
      assertEquals(2L, (long) db.read(c -> Sql.number(c, "PRAGMA synchronous")));
      assertEquals(2L, (long) db.write(c -> Sql.number(c, "PRAGMA synchronous")));
      assertEquals(List.of("ok"), db.integrityCheck());
    }
  }

  @Test
  void keepsTheWriteAheadLogBetweenTransactionsOfANewFile() {
    Path file = dir.resolve("fresh.db");
    Path wal = dir.resolve("fresh.db-wal");
    try (Database db = Database.open(file)) {
      Fixtures.bot(db, "rust");
      // Each transaction's own connection is closed by now; the store's kept connection holds the WAL in place,
      // so closing it was no last-connection checkpoint and delete.
      assertTrue(Files.exists(wal), "the WAL was deleted after a transaction on a new file");
      Fixtures.bot(db, "go");
      assertTrue(Files.exists(wal), "the WAL was deleted after a transaction on a new file");
    }
    try (Database db = Database.open(file)) {
      Fixtures.bot(db, "java");
      assertTrue(Files.exists(wal), "the WAL was deleted after a transaction on a reopened file");
    }
  }

  @Test
  void enforcesForeignKeys() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      DatabaseException e = assertThrows(DatabaseException.class, () -> Fixtures.post(db, 999, "orphan"));
      assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
      assertEquals(0L, db.tableCounts().get("posts"));
    }
  }

  @Test
  void reopeningKeepsDataAndAppliesNothingTwice() {
    Path file = dir.resolve("s.db");
    String version;
    try (Database db = Database.open(file)) {
      Fixtures.bot(db, "rust");
      version = db.schemaVersion();
    }
    try (Database db = Database.open(file)) {
      assertEquals(version, db.schemaVersion());
      assertEquals(1, db.bots().findAll().size());
    }
  }

  @Test
  void acceptsAnEmptyFile() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.db"));
    try (Database db = Database.open(file)) {
      assertTrue(db.tableCounts().containsKey("publications"));
    }
  }

  @Test
  void refusesAFileThatIsNotSqliteAndLeavesItUntouched() throws Exception {
    Path file = dir.resolve("notes.db");
    byte[] content = "these are my notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void refusesASchemaNewerThanTheCodeAndLeavesItUntouched() throws Exception {
    Path file = dir.resolve("future.db");
    try (Database db = Database.open(file)) {
      Fixtures.bot(db, "rust");
      recordLaterMigration(db, 9999); // what a later subsim would have recorded after applying its migration 9999
    }
    byte[] before = Files.readAllBytes(file);
    DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("9999") && e.getMessage().contains("newer"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void aStoreMigrationAppliedByNewerCodeIsRefusedToo() throws Exception {
    Path file = dir.resolve("store-future.db");
    try (Database db = Database.open(file)) {
      // A later subsim's store migration V6: below the sandbox's V100, so Flyway calls it missing, not future.
      recordLaterMigration(db, 6);
    }
    byte[] before = Files.readAllBytes(file);
    DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(file));
    assertTrue(e.getMessage().contains("schema version 6 is newer than this subsim knows"), e.getMessage());
    assertThrows(DatabaseException.class, () -> Database.openToRead(file));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void openedToReadAnOlderFileStaysAsItIsAndAWriterElsewhereDoesNotBlockIt() throws Exception {
    Path file = dir.resolve("old.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Migrations.configure(source).target("2").load().migrate();
    byte[] before = Files.readAllBytes(file);
    try (Database old = Database.openToRead(file)) {
      assertEquals("2", old.schemaVersion());
      assertTrue(old.pendingMigrations() > 0);
      assertThrows(RuntimeException.class, () -> old.write(c -> Sql.update(c, "CREATE TABLE t (x INTEGER)")));
    }
    assertArrayEquals(before, Files.readAllBytes(file), "reading changed the file");

    Path live = dir.resolve("live.db");
    try (Database service = Database.open(live);
        java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + live)) {
      Fixtures.bot(service, "rust");
      writer.createStatement().execute("BEGIN IMMEDIATE");
      writer.createStatement().execute("INSERT INTO bots (name, source_subreddit, target_subreddit, account, created_at)"
          + " VALUES ('held', 'a', 'b', 'c', 0)");
      long start = System.nanoTime();
      try (Database reader = Database.openToRead(live)) {
        assertEquals(1L, reader.tableCounts().get("bots"));
        assertEquals(0, reader.pendingMigrations());
      }
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "the reader waited for the writer");
      writer.createStatement().execute("ROLLBACK");
    }
  }

  private static void recordLaterMigration(Database db, int version) {
    db.write(c -> Sql.update(c, "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
        + " script, checksum, installed_by, installed_on, execution_time, success)"
        + " VALUES (" + (10_000 + version) + ", '" + version + "', 'from the future', 'SQL', 'V" + version
        + "__from_the_future.sql', 0, 'later', '2030-01-01 00:00:00', 1, 1)"));
  }

  @Test
  void refusesAnSqliteDatabaseThatIsNotOurs() throws Exception {
    Path file = dir.resolve("other.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE recipes (name TEXT)");
    }
    byte[] before = Files.readAllBytes(file);
    DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(file));
    assertTrue(e.getMessage().contains("not a subsim database"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void backupHoldsTheDataAndPassesIntegrityCheck() {
    Path backup = dir.resolve("backup.db");
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      Fixtures.post(db, bot, "first");
      db.backupTo(backup);
      DatabaseException e = assertThrows(DatabaseException.class, () -> db.backupTo(backup));
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
      Path nowhere = dir.resolve("missing/backup.db");
      DatabaseException noFolder = assertThrows(DatabaseException.class, () -> db.backupTo(nowhere));
      assertEquals(nowhere + ": cannot create, no folder " + nowhere.getParent().toAbsolutePath(),
          noFolder.getMessage());
    }
    try (Database copy = Database.open(backup)) {
      assertEquals(List.of("ok"), copy.integrityCheck());
      assertEquals(1L, copy.tableCounts().get("posts"));
      assertEquals("first", copy.posts().findRecentByBot(1, 10).get(0).title());
    }
  }

  @Test
  void tableCountsCoverEveryTable() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      Fixtures.post(db, bot, "first");
      Map<String, Long> counts = db.tableCounts();
      assertEquals(1L, counts.get("bots"));
      assertEquals(1L, counts.get("posts"));
      assertEquals(1L, counts.get("publications"));
      assertEquals(1L, counts.get("publication_events"));
      assertEquals(0L, counts.get("comments"));
    }
  }

  private List<Path> listing() throws Exception {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }
}
