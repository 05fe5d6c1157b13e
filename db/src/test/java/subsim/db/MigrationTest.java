package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteDataSource;

class MigrationTest {

  @TempDir Path dir;

  /** Every version a file can be at before the latest: the starting points of an upgrade. */
  static Stream<String> earlierVersions() throws IOException {
    Path scratch = Files.createTempFile("versions", ".db");
    try {
      List<String> versions = Arrays.stream(Migrations.flyway(source(scratch)).info().all())
          .map(info -> info.getVersion().getVersion())
          .toList();
      return versions.subList(0, versions.size() - 1).stream();
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  @ParameterizedTest
  @MethodSource("earlierVersions")
  void upgradesFromAnEarlierVersionKeepingItsRows(String version) throws Exception {
    Path file = dir.resolve("v" + version + ".db");
    SQLiteDataSource source = source(file);
    Migrations.configure(source).target(version).load().migrate();
    Map<String, Long> seeded = new java.util.HashMap<>();
    try (Connection c = source.getConnection()) {
      for (int v = 1; v <= Integer.parseInt(version); v++) {
        runSeed(c, v);
      }
      try (var tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (tables.next()) {
          String table = tables.getString("TABLE_NAME");
          seeded.put(table, Sql.number(c, "SELECT COUNT(*) FROM " + table));
        }
      }
    }
    assertTrue(seeded.getOrDefault("bots", 0L) > 0, "the seed ran");
    try (Database db = Database.open(file)) {
      Map<String, Long> after = db.tableCounts();
      for (Map.Entry<String, Long> table : seeded.entrySet()) {
        if (!table.getKey().equals("flyway_schema_history")) {
          assertEquals(table.getValue(), after.get(table.getKey()), "rows of " + table.getKey());
        }
      }
      assertTrue(db.bots().findByName("rust").isPresent());
      assertEquals("models/rust-1", db.models().findNewestByBot(1).orElseThrow().folder());
      if (Integer.parseInt(version) == 2) {
        assertPostsAndCommentsGotPublications(db);
      }
      assertEquals(List.of("ok"), db.integrityCheck());
    }
  }

  private static void assertPostsAndCommentsGotPublications(Database db) {
    PublicationRow post = db.publications().findByItem(ItemKind.POST, 1).orElseThrow();
    assertEquals(PublishState.GENERATED, post.state());
    assertEquals(1, db.publications().findHistory(post.id()).size());
    db.publications().queue(post.id());
    assertEquals(PublishState.QUEUED, db.publications().findById(post.id()).orElseThrow().state());
    PostThread thread = db.threads()
        .findByPostId(1, Set.of(PublishState.GENERATED, PublishState.QUEUED)).orElseThrow();
    assertEquals(2, thread.commentCount());
    assertEquals("Always lifetimes.", thread.comments().get(0).replies().get(0).comment().body());
  }

  @Test
  void appliesEveryFileInTheMigrationFolder() throws Exception {
    Path folder = Path.of(MigrationTest.class.getResource("/db/migration").toURI());
    List<String> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertFalse(files.isEmpty());
    try (Database db = Database.open(dir.resolve("s.db"))) {
      List<String> applied = db.read(c -> Sql.list(c,
          "SELECT script FROM flyway_schema_history WHERE success = 1 ORDER BY script", r -> r.getString(1)));
      assertEquals(files, applied);
    }
  }

  @Test
  void appliesAMigrationNumberedBelowOnesAlreadyApplied() throws Exception {
    SQLiteDataSource source = source(dir.resolve("s.db"));
    Migrations.migrate(source, "classpath:fixtures/out_of_order/before");
    try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO first (id) VALUES (42)");
    }
    Migrations.migrate(source, "classpath:fixtures/out_of_order/after");
    MigrationInfo[] applied = Migrations.configure(source, "classpath:fixtures/out_of_order/after")
        .load().info().applied();
    assertEquals(List.of("1", "100", "2"),
        Arrays.stream(applied).map(i -> i.getVersion().getVersion()).toList());
    try (Connection c = source.getConnection()) {
      assertEquals(42L, Sql.number(c, "SELECT id FROM second"));
    }
  }

  private static void runSeed(Connection c, int version) throws IOException, SQLException {
    try (InputStream in = MigrationTest.class.getResourceAsStream("/fixtures/seed/V" + version + ".sql")) {
      if (in == null) {
        return;
      }
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      try (Statement statement = c.createStatement()) {
        for (String sql : script.split(";\\s*\n")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
      }
    }
  }

  private static SQLiteDataSource source(Path file) {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    return source;
  }
}
