package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommentRepositoryTest {

  @TempDir Path dir;

  @Test
  void repliesKnowTheirDepthAndParentChain() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long post = Fixtures.post(db, bot, "a post");
      CommentRepository comments = db.comments();
      long top = comments.insert(post, null, bot, "top", "[synthetic]", Fixtures.generation(1));
      long reply = comments.insert(post, top, bot, "reply", "[synthetic]", Fixtures.generation(2));
      long deeper = comments.insert(post, reply, bot, "deeper", "[synthetic]", Fixtures.generation(3));
      comments.insert(post, null, bot, "second top", "[synthetic]", Fixtures.generation(4));

      CommentRow row = comments.findById(deeper).orElseThrow();
      assertEquals(2, row.depth());
      assertEquals(reply, row.parentId());
      assertNull(comments.findById(top).orElseThrow().parentId());
      assertEquals(List.of("top", "reply", "deeper"),
          comments.findChain(deeper).stream().map(CommentRow::body).toList());
      assertEquals(4, comments.countByPost(post));
      assertEquals(List.of("top", "reply", "deeper", "second top"),
          comments.findByPost(post).stream().map(CommentRow::body).toList());
      assertEquals(PublishState.GENERATED,
          db.publications().findByItem(ItemKind.COMMENT, deeper).orElseThrow().state());
      db.publications().reject(db.publications().findByItem(ItemKind.COMMENT, deeper).orElseThrow().id(), "filter");
      assertEquals(3, comments.countNotRejectedByPost(post));
    }
  }

  @Test
  void refusesAParentFromAnotherPostOrMissing() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long post = Fixtures.post(db, bot, "a post");
      long otherPost = Fixtures.post(db, bot, "another post");
      long top = db.comments().insert(post, null, bot, "top", "[synthetic]", Fixtures.generation(1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> db.comments().insert(otherPost, top, bot, "x", "[synthetic]", Fixtures.generation(2)));
      assertEquals("parent comment " + top + " belongs to post " + post + ", not post " + otherPost, e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> db.comments().insert(post, 999L, bot, "x", "[synthetic]", Fixtures.generation(2)));
      assertEquals(1L, db.comments().countByPost(post) + db.comments().countByPost(otherPost));
    }
  }
}
