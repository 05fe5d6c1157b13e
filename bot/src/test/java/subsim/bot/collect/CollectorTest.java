package subsim.bot.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RedditException;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.TimeWindow;
import subsim.bot.sandbox.Fault;
import subsim.bot.sandbox.SandboxFixture;
import subsim.bot.sandbox.SandboxSeeder;
import subsim.db.sandbox.SandboxPost;

/** End to end: JRAW against the sandbox Reddit seeded with real r/funny posts and comments. */
class CollectorTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/reddit");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Posts in the fixture whose title or text is [deleted]/[removed]: none, checked below. */
  private static final int SEEDED_POSTS = 47;

  @TempDir Path dir;
  SandboxFixture sandbox;
  RedditSession session;

  @BeforeEach
  void seed() {
    sandbox = new SandboxFixture(dir);
    SandboxSeeder seeder = new SandboxSeeder(sandbox.store, "some_redditor");
    assertEquals(SEEDED_POSTS, seeder.seedPosts(FIXTURES.resolve("funny_posts.jsonl"), "funny"));
    assertEquals(541, seeder.seedComments(FIXTURES.resolve("funny_comments.jsonl"), "funny"));
    session = sandbox.connect(SandboxFixture.ALICE);
  }

  @AfterEach
  void stop() {
    session.close();
    sandbox.close();
  }

  private CollectOptions options(int limit) {
    Path posts = dir.resolve("funny.jsonl");
    return new CollectOptions("funny", posts, CollectOptions.sibling(posts, ".comments.jsonl"),
        CollectOptions.sibling(posts, ".collect-state"), ListingSort.TOP, TimeWindow.ALL, limit, 30, null, false,
        Set.of("alice_bot"), 10);
  }

  private Collector.Result collect(int limit) {
    return new Collector(session.reader("funny"), options(limit), line -> { }).run();
  }

  private List<JsonNode> lines(String name) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(name))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> ids(List<JsonNode> records) {
    return records.stream().map(r -> r.get("id").asText()).toList();
  }

  @Test
  void pagesThroughTheListingAndKeepsReplyStructure() throws IOException {
    Collector.Result result = collect(1000);
    assertTrue(result.listingFinished());
    List<JsonNode> posts = lines("funny.jsonl");
    assertEquals(SEEDED_POSTS, posts.size());
    assertEquals(SEEDED_POSTS, new HashSet<>(ids(posts)).size());
    assertEquals(Set.of("subreddit", "id", "title", "selftext", "score", "created_utc"), fields(posts.get(0)));
    // Top listing: scores never rise down the file.
    for (int i = 1; i < posts.size(); i++) {
      assertTrue(posts.get(i - 1).get("score").asLong() >= posts.get(i).get("score").asLong());
    }
    List<JsonNode> comments = lines("funny.comments.jsonl");
    assertEquals(30, comments.size());  // the one thread with comments, capped at K
    assertEquals(Set.of("subreddit", "id", "link_id", "parent_id", "body", "score", "created_utc"),
        fields(comments.get(0)));
    Set<String> seen = new HashSet<>();
    for (JsonNode c : comments) {
      String parent = c.get("parent_id").asText();
      assertTrue(parent.equals(c.get("link_id").asText()) || seen.contains(parent), "orphan reply " + c);
      assertFalse(Set.of("[deleted]", "[removed]").contains(c.get("body").asText()));
      seen.add("t1_" + c.get("id").asText());
    }
    assertTrue(comments.stream().anyMatch(c -> c.get("parent_id").asText().startsWith("t1_")));
    assertFalse(Files.exists(dir.resolve("funny.collect-state")));
  }

  @Test
  void aSecondRunAddsOnlyWhatIsNewAndSkipsBotPosts() throws IOException {
    collect(1000);
    sandbox.store.insertPost(new SandboxPost(null, "funny", "some_redditor", "A new joke", "", null, 5, 1, false));
    sandbox.store.insertPost(new SandboxPost(null, "funny", "alice_bot", "Our own post", "", null, 9, 2, false));
    Collector.Result second = collect(1000);
    assertEquals(1, second.posts());
    List<JsonNode> posts = lines("funny.jsonl");
    assertEquals(SEEDED_POSTS + 1, posts.size());
    assertEquals("A new joke", posts.get(posts.size() - 1).get("title").asText());
  }

  @Test
  void resumesAfterAnInterruptionWithoutWritingAnythingTwice() throws IOException {
    Collector.Result first = collect(15);
    assertFalse(first.listingFinished());
    assertEquals(15, first.posts());
    assertTrue(Files.exists(dir.resolve("funny.collect-state")));
    // A crash in the middle: the comment page keeps failing past the retry budget.
    sandbox.reddit.faults().add("/comments/", Fault.SERVER_ERROR_BEFORE_STORE, 5);
    assertThrows(RedditException.ServerError.class, () -> collect(1000));
    Collector.Result last = collect(1000);
    assertTrue(last.listingFinished());
    List<JsonNode> posts = lines("funny.jsonl");
    assertEquals(SEEDED_POSTS, posts.size());
    assertEquals(SEEDED_POSTS, new HashSet<>(ids(posts)).size());
    List<JsonNode> comments = lines("funny.comments.jsonl");
    assertEquals(comments.size(), new HashSet<>(ids(comments)).size());
  }

  @Test
  void waitsOutRateLimitsAndRetriesServerErrors() throws IOException {
    sandbox.reddit.quota(4, 60);
    sandbox.reddit.faults().add("/r/funny/top", Fault.SERVER_ERROR_BEFORE_STORE)
        .add("/comments/", Fault.TOO_MANY_REQUESTS);
    Collector.Result result = collect(1000);
    assertTrue(result.listingFinished());
    assertEquals(SEEDED_POSTS, lines("funny.jsonl").size());
    assertEquals(0, sandbox.reddit.faults().pendingCount());
    assertTrue(sandbox.time.slept().compareTo(Duration.ofMinutes(1)) >= 0, sandbox.time.sleeps().toString());
  }

  private static Set<String> fields(JsonNode record) {
    Set<String> names = new HashSet<>();
    record.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
