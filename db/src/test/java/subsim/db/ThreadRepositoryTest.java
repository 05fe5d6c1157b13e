package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadRepositoryTest {

  @TempDir Path dir;

  private static void publish(Database db, ItemKind kind, long itemId) {
    PublicationRepository publications = db.publications();
    long id = publications.findByItem(kind, itemId).orElseThrow().id();
    publications.queue(id);
    publications.claim(id);
    publications.markPublished(id, "t1_" + itemId, "https://reddit.test/" + itemId, Instant.EPOCH);
  }

  private static long comment(Database db, long post, Long parent, long bot, String body) {
    return db.comments().insert(post, parent, bot, body, "[synthetic]", Fixtures.generation(9));
  }

  @Test
  void recentThreadsOfASubredditWithCommentTreesOfTheChosenStates() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long older = Fixtures.post(db, bot, "older");
      long newer = Fixtures.post(db, bot, "newer");
      long unpublished = Fixtures.post(db, bot, "unpublished");
      db.posts().insert(bot, "elsewhere", "other subreddit", "", "[synthetic]", Fixtures.generation(1));
      publish(db, ItemKind.POST, older);
      publish(db, ItemKind.POST, newer);
      long top = comment(db, older, null, bot, "top");
      long reply = comment(db, older, top, bot, "reply");
      long hidden = comment(db, older, null, bot, "not published");
      comment(db, older, hidden, bot, "reply to not published");
      long second = comment(db, older, null, bot, "second top");
      for (long id : List.of(top, reply, second)) {
        publish(db, ItemKind.COMMENT, id);
      }
      long reply2 = comment(db, older, top, bot, "second reply");
      publish(db, ItemKind.COMMENT, reply2);

      List<PostThread> threads = db.threads().findRecent("SubSimulatorTest", Set.of(PublishState.PUBLISHED), 10);
      assertEquals(List.of("newer", "older"), threads.stream().map(t -> t.post().title()).toList());
      PostThread thread = threads.get(1);
      assertEquals(PublishState.PUBLISHED, thread.publication().state());
      assertEquals(List.of("top", "second top"), thread.comments().stream().map(n -> n.comment().body()).toList());
      assertEquals(List.of("reply", "second reply"),
          thread.comments().get(0).replies().stream().map(n -> n.comment().body()).toList());
      assertEquals(4, thread.commentCount());
      assertEquals("t1_" + reply, thread.comments().get(0).replies().get(0).publication().fullname());
      assertTrue(threads.get(0).comments().isEmpty());

      assertEquals(1, db.threads().findRecent("SubSimulatorTest", Set.of(PublishState.PUBLISHED), 1).size());
      List<PostThread> everything = db.threads().findRecent("SubSimulatorTest", EnumSet.allOf(PublishState.class), 10);
      assertEquals(List.of("unpublished", "newer", "older"), everything.stream().map(t -> t.post().title()).toList());
      assertEquals(6, everything.get(2).commentCount());
      assertTrue(db.threads().findByPostId(unpublished, Set.of(PublishState.PUBLISHED)).isEmpty());
      assertEquals(4, db.threads().findByPostId(older, Set.of(PublishState.PUBLISHED)).orElseThrow().commentCount());
    }
  }

  @Test
  void aSubredditIsOneWhateverTheCaseItsPostsWereWrittenWith() {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      long first = Fixtures.post(db, bot, "first");
      // A second bot configured with target_subreddit: subsimulatortest (Reddit's r/SubSimulatorTest all the same).
      long second = db.posts().insert(bot, "subsimulatortest", "second", "", "[synthetic]", Fixtures.generation(2));
      publish(db, ItemKind.POST, first);
      publish(db, ItemKind.POST, second);

      for (String name : List.of("SubSimulatorTest", "subsimulatortest", "SUBSIMULATORTEST")) {
        assertEquals(List.of("second", "first"), db.threads().findRecent(name, Set.of(PublishState.PUBLISHED), 10)
            .stream().map(t -> t.post().title()).toList(), name);
      }
      List<String> plan = db.read(c -> Sql.list(c, "EXPLAIN QUERY PLAN SELECT * FROM posts WHERE subreddit = ?"
          + " COLLATE NOCASE ORDER BY generated_at DESC", r -> r.getString("detail"), "x"));
      assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH posts USING INDEX posts_by_subreddit")),
          "the lookup scans: " + plan);
    }
  }
}
