package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostRepositoryTest {

  @TempDir Path dir;

  @Test
  void postKeepsItsTextLabelAndGeneration() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long model = db.models().insert(bot, null, "models/rust-1", "tiny", "tiny", 10, null, null);
      Generation generation = new Generation(List.of("cargo", "unsafe code"), "temperature=0.7 top_p=0.9", -42L,
          model, Fixtures.T0, 1234);
      long id = db.posts().insert(bot, "SubSimulatorTest", "Title \"quoted\" ü", "line 1\nline 2",
          "I am a bot", generation);
      PostRow post = db.posts().findById(id).orElseThrow();
      assertEquals(new PostRow(id, bot, "SubSimulatorTest", "Title \"quoted\" ü", "line 1\nline 2", "I am a bot",
          generation), post);
      assertEquals(PublishState.GENERATED,
          db.publications().findByItem(ItemKind.POST, id).orElseThrow().state());
    }
  }

  @Test
  void recentPostsOfABotAndTitleDuplicates() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long other = Fixtures.bot(db, "python");
      long first = Fixtures.post(db, bot, "first");
      long second = Fixtures.post(db, bot, "second");
      Fixtures.post(db, other, "third");
      assertEquals(List.of(second, first), db.posts().findRecentByBot(bot, 10).stream().map(PostRow::id).toList());
      assertTrue(db.posts().existsWithTitle(bot, "first"));
      assertFalse(db.posts().existsWithTitle(bot, "third"));
    }
  }

  @Test
  void aFailingInsertLeavesNeitherPostNorPublication() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      assertThrows(DatabaseException.class, () -> Fixtures.post(db, 77, "no such bot"));
      assertEquals(0L, db.tableCounts().get("posts"));
      assertEquals(0L, db.tableCounts().get("publications"));
    }
  }
}
