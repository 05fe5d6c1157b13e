package subsim.db.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.db.DatabaseException;

class SandboxStoreTest {

  @TempDir Path dir;
  SandboxStore store;

  @BeforeEach
  void open() {
    store = SandboxStore.open(dir.resolve("sandbox.db"));
  }

  private SandboxPost post(String id, String author, long score, long created) {
    return new SandboxPost(id, "funny", author, "title " + id, "", null, score, created, false);
  }

  private static List<String> ids(List<SandboxPost> posts) {
    return posts.stream().map(SandboxPost::id).toList();
  }

  @Test
  void pagesNewestFirstAfterACursor() {
    for (int i = 1; i <= 5; i++) {
      store.insertPost(post("p" + i, "a", 10 - i, 1000 + i));
    }
    assertEquals(List.of("p5", "p4"), ids(store.listPosts("FUNNY", PostOrder.NEW, 0, null, 2)));
    assertEquals(List.of("p3", "p2"), ids(store.listPosts("funny", PostOrder.NEW, 0, "p4", 2)));
    assertEquals(List.of("p1"), ids(store.listPosts("funny", PostOrder.NEW, 0, "p2", 2)));
    assertEquals(List.of("p1", "p2", "p3"), ids(store.listPosts("funny", PostOrder.TOP, 0, null, 3)));
    assertEquals(List.of("p5", "p4"), ids(store.listPosts("funny", PostOrder.NEW, 1004, null, 5)));
  }

  @Test
  void topBreaksScoreTiesByArrival() {
    store.insertPost(post("x", "a", 5, 1));
    store.insertPost(post("y", "a", 5, 2));
    store.insertPost(post("z", "a", 5, 3));
    assertEquals(List.of("z", "y", "x"), ids(store.listPosts("funny", PostOrder.TOP, 0, null, 10)));
    assertEquals(List.of("x"), ids(store.listPosts("funny", PostOrder.TOP, 0, "y", 10)));
  }

  @Test
  void hotPrefersRecentOverSlightlyHigherScore() {
    store.insertPost(post("old", "a", 100, 1_300_000_000L));
    store.insertPost(post("new", "a", 10, 1_300_100_000L));
    assertEquals(List.of("new", "old"), ids(store.listPosts("funny", PostOrder.HOT, 0, null, 10)));
  }

  @Test
  void findsCommentsByPostAndAuthor() {
    store.insertPost(post("p", "bot", 1, 1));
    store.insertComment(new SandboxComment("c1", "funny", "bot", "t3_p", "t3_p", "hello", 1, 2));
    store.insertComment(new SandboxComment("c2", "funny", "human", "t3_p", "t1_c1", "hi", 1, 3));
    store.insertComment(new SandboxComment("c3", "funny", "bot", "t3_p", "t1_c2", "again", 1, 4));
    assertEquals(3, store.countComments("p"));
    assertEquals(List.of("c3", "c1"),
        store.commentsByAuthor("BOT", null, 10).stream().map(SandboxComment::id).toList());
    assertEquals(List.of("c1"), store.commentsByAuthor("bot", "c3", 10).stream().map(SandboxComment::id).toList());
    assertEquals(List.of("p"), ids(store.postsByAuthor("bot", null, 10)));
    assertEquals("t1_c2", store.findComment("c3").orElseThrow().parentId());
    assertEquals(1, store.countCommentsWithBody("hi"));
  }

  @Test
  void generatedIdsAreFreshAndNineCharactersLong() {
    String first = store.insertPost(new SandboxPost(null, "funny", "a", "t", "", null, 1, 1, false)).id();
    String second = store.insertComment(
        new SandboxComment(null, "funny", "b", "t3_" + first, "t3_" + first, "x", 1, 2)).id();
    assertNotEquals(first, second);
    assertEquals(9, second.length());
    assertTrue(store.findPost(first).isPresent());
    assertTrue(store.findComment(second).isPresent());
  }

  @Test
  void rejectsADuplicateId() {
    store.insertPost(post("dup", "a", 1, 1));
    assertThrows(DatabaseException.class, () -> store.insertPost(post("dup", "a", 1, 1)));
    assertEquals(1, store.countPostsTitled("title dup"));
  }
}
