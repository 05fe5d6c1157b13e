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
  void postsCountedAgainstALimitAreTheBotsRecentOnesNotRejected() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long other = Fixtures.bot(db, "python");
      Generation old = new Generation(List.of("x"), "p", 1, null, Fixtures.T0.minusSeconds(3600), 1);
      db.posts().insert(bot, "SubSimulatorTest", "yesterday", "b", "l", old);
      long rejected = Fixtures.post(db, bot, "rejected");
      db.publications().reject(db.publications().findByItem(ItemKind.POST, rejected).orElseThrow().id(), "filter");
      Fixtures.post(db, bot, "generated");
      long queued = Fixtures.post(db, bot, "queued");
      db.publications().queue(db.publications().findByItem(ItemKind.POST, queued).orElseThrow().id());
      Fixtures.post(db, other, "another bot's");
      assertEquals(2, db.posts().countNotRejectedSince(bot, Fixtures.T0.minusSeconds(60)));
      assertEquals(3, db.posts().countNotRejectedSince(bot, Fixtures.T0.minusSeconds(7200)));
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
