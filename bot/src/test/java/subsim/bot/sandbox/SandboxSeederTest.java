package subsim.bot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.sandbox.SandboxSeeder.Seeded;
import subsim.db.sandbox.SandboxStore;

class SandboxSeederTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/reddit");

  @TempDir Path dir;
  private SandboxStore store;

  @BeforeEach
  void open() {
    store = SandboxStore.open(dir.resolve("sandbox.db"));
  }

  @AfterEach
  void close() {
    store.database().close();
  }

  @Test
  void seedsPostsAndCommentsMixedInOneFileAndSkipsThemTheSecondTime() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURES.resolve("funny_comments.jsonl")).subList(0, 3));
    lines.addAll(Files.readAllLines(FIXTURES.resolve("funny_posts.jsonl")).subList(0, 2));
    lines.add("");
    Path mixed = Files.write(dir.resolve("mixed.jsonl"), lines);
    SandboxSeeder seeder = new SandboxSeeder(store, "sandbox-seed");

    assertEquals(new Seeded(2, 3), seeder.seed(mixed));
    assertEquals(new Seeded(0, 0), seeder.seed(mixed));
    assertEquals("sandbox-seed", store.findPost("97jht").orElseThrow().author());
    assertEquals("t3_3hahrw", store.findComment("cu5oif1").orElseThrow().linkId());
  }

  @Test
  void namesTheFileAndLineOfARecordThatIsNeitherPostNorComment() throws Exception {
    Path file = Files.write(dir.resolve("odd.jsonl"), List.of(
        Files.readAllLines(FIXTURES.resolve("funny_posts.jsonl")).get(0), "{\"id\": \"x1\", \"body\": \"no link\"}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SandboxSeeder(store, "sandbox-seed").seed(file));
    assertTrue(e.getMessage().startsWith(file + ":2: neither a post"), e.getMessage());
  }
}
