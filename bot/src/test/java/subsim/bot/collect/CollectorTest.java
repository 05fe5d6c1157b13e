package subsim.bot.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import subsim.bot.cli.CollectCommand;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditException;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.TimeWindow;
import subsim.bot.sandbox.Fault;
import subsim.bot.sandbox.SandboxFixture;
import subsim.bot.sandbox.SandboxSeeder;
import subsim.db.sandbox.SandboxComment;
import subsim.db.sandbox.SandboxPost;

/** End to end: JRAW against the sandbox Reddit seeded with real r/funny posts and comments. */
class CollectorTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/reddit");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Posts in the fixture whose title or text is [deleted]/[removed]: none, checked below. */
  private static final int SEEDED_POSTS = 47;
  /** A seeded post in the middle of the new listing: 17 seeded posts are newer (higher ids), 29 older. */
  private static final String MIDDLE_POST = "3iswb2";
  private static final int NEWER_THAN_MIDDLE = 17;

  @TempDir Path dir;
  SandboxFixture sandbox;
  RedditSession session;
  /** Every request the collector's session makes, to tell how many listing pages a run read. */
  final MeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void seed() {
    sandbox = new SandboxFixture(dir);
    SandboxSeeder seeder = new SandboxSeeder(sandbox.store, "some_redditor");
    assertEquals(SEEDED_POSTS, seeder.seedPosts(FIXTURES.resolve("funny_posts.jsonl"), "funny"));
    assertEquals(541, seeder.seedComments(FIXTURES.resolve("funny_comments.jsonl"), "funny"));
    session = RedditSession.connect(SandboxFixture.ALICE, RedditEndpoints.sandbox(sandbox.reddit.baseUrl()),
        sandbox.options().withMeters(meters));
  }

  @AfterEach
  void stop() {
    session.close();
    sandbox.close();
  }

  private CollectOptions options(int limit) {
    return options(ListingSort.TOP, null, false, limit);
  }

  private CollectOptions options(ListingSort sort, String sinceId, boolean includeNsfw, int limit) {
    Path posts = dir.resolve("funny.jsonl");
    return new CollectOptions("funny", posts, CollectOptions.sibling(posts, ".comments.jsonl"),
        CollectOptions.sibling(posts, ".collect-state"), sort, TimeWindow.ALL, limit, 30, sinceId, includeNsfw,
        Set.of("alice_bot"), 10);
  }

  private Collector.Result collect(int limit) {
    return collect(options(limit));
  }

  private Collector.Result collect(CollectOptions options) {
    return new Collector(session.reader("funny"), options, line -> { }).run();
  }

  /** Listing pages requested so far (retries included) from {@code /r/funny/<sort>}. */
  private long listingRequests(ListingSort sort) {
    return meters.find("subsim.reddit.requests").tag("endpoint", "/r/{sub}/" + sort.path()).timers().stream()
        .mapToLong(Timer::count).sum();
  }

  private SandboxPost post(String author, String title, String selftext, boolean over18) {
    return sandbox.store.insertPost(new SandboxPost(null, "funny", author, title, selftext, null, 5, 1, over18));
  }

  private SandboxComment comment(SandboxPost post, String parent, String author, String body, long score) {
    return sandbox.store.insertComment(
        new SandboxComment(null, "funny", author, post.fullname(), parent, body, score, 2));
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
    assertEquals(2, listingRequests(ListingSort.TOP));
    assertTrue(Files.exists(dir.resolve("funny.collect-state")));
    // A crash in the middle: the comment page keeps failing past the retry budget.
    sandbox.reddit.faults().add("/comments/", Fault.SERVER_ERROR_BEFORE_STORE, 5);
    assertThrows(RedditException.ServerError.class, () -> collect(1000));
    long before = listingRequests(ListingSort.TOP);
    Collector.Result last = collect(1000);
    assertTrue(last.listingFinished());
    // From the saved cursor, the second of five pages: only its five posts written before the limit are met again.
    assertEquals(SEEDED_POSTS - 15, last.posts());
    assertEquals(5, last.skipped());
    assertEquals(4, listingRequests(ListingSort.TOP) - before);
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

  @Test
  void skipsNsfwAndDeletedOrRemovedPostsAndTakesNsfwOnlyWhenAsked() throws IOException {
    post("some_redditor", "A joke for adults", "", true);
    post("some_redditor", "A joke the moderators removed", "[removed]", false);
    post("some_redditor", "A joke its author deleted", "[deleted]", false);
    post("[deleted]", "A joke of a deleted account", "", false);
    Collector.Result first = collect(1000);
    assertEquals(SEEDED_POSTS, first.posts());
    assertEquals(4, first.skipped());
    assertEquals(SEEDED_POSTS, lines("funny.jsonl").size());

    Collector.Result withNsfw = collect(options(ListingSort.TOP, null, true, 1000));
    assertEquals(1, withNsfw.posts());
    List<JsonNode> posts = lines("funny.jsonl");
    assertEquals("A joke for adults", posts.get(posts.size() - 1).get("title").asText());
  }

  @Test
  void dropsDeletedRemovedAndBotCommentsWithAllTheirReplies() throws IOException {
    SandboxPost post = post("some_redditor", "A joke with a busy thread", "", false);
    SandboxComment kept = comment(post, post.fullname(), "some_redditor", "A fine comment", 50);
    comment(post, kept.fullname(), "some_redditor", "A fine reply", 45);
    SandboxComment ofDeletedAccount = comment(post, post.fullname(), "[deleted]", "Left by a gone account", 40);
    SandboxComment reply = comment(post, ofDeletedAccount.fullname(), "some_redditor", "Reply to a gone account", 35);
    comment(post, reply.fullname(), "some_redditor", "Reply to a reply to a gone account", 34);
    SandboxComment removed = comment(post, post.fullname(), "some_redditor", "[removed]", 30);
    comment(post, removed.fullname(), "some_redditor", "Reply to a removed comment", 25);
    SandboxComment ours = comment(post, post.fullname(), "Alice_Bot", "Our own comment", 20);
    comment(post, ours.fullname(), "some_redditor", "Reply to our bot", 15);

    collect(1000);
    List<String> bodies = lines("funny.comments.jsonl").stream()
        .filter(c -> c.get("link_id").asText().equals(post.fullname())).map(c -> c.get("body").asText()).toList();
    assertEquals(List.of("A fine comment", "A fine reply"), bodies);
  }

  @Test
  void aRunThatStopsAtItsLimitMidPageSaysSo() {
    List<String> progress = new ArrayList<>();
    Collector.Result result = new Collector(session.reader("funny"), options(5), progress::add).run();
    assertEquals(5, result.posts());
    assertTrue(progress.get(progress.size() - 1).matches("r/funny: 5 posts, \\d+ comments written, \\d+ skipped,"
        + " stopped at the limit"), progress.toString());
  }

  @Test
  void theKCommentsKeptAreTheBestWithTheirParentsNotTheFirstThreadsDeepestReplies() throws IOException {
    SandboxPost post = post("some_redditor", "A joke with a long chain under its best comment", "", false);
    SandboxComment best = comment(post, post.fullname(), "some_redditor", "best", 100);
    SandboxComment chain = best;
    for (int i = 1; i <= 5; i++) {
      chain = comment(post, chain.fullname(), "some_redditor", "chain " + i, 1);
    }
    comment(post, post.fullname(), "[deleted]", "of a gone account", 95);
    comment(post, post.fullname(), "some_redditor", "second", 90);
    SandboxComment third = comment(post, post.fullname(), "some_redditor", "third", 80);
    comment(post, third.fullname(), "some_redditor", "good reply to third", 85);
    comment(post, post.fullname(), "some_redditor", "fifth", 10);
    Path posts = dir.resolve("funny.jsonl");
    collect(new CollectOptions("funny", posts, CollectOptions.sibling(posts, ".comments.jsonl"),
        CollectOptions.sibling(posts, ".collect-state"), ListingSort.TOP, TimeWindow.ALL, 1000, 4, null, false,
        Set.of("alice_bot"), 10));

    List<String> bodies = lines("funny.comments.jsonl").stream()
        .filter(c -> c.get("link_id").asText().equals(post.fullname())).map(c -> c.get("body").asText()).toList();
    assertEquals(List.of("best", "second", "third", "good reply to third"), bodies);
  }

  @Test
  void sinceStopsTheNewListingAtThatPost() throws IOException {
    Collector.Result result = collect(options(ListingSort.NEW, MIDDLE_POST, false, 1000));
    assertTrue(result.listingFinished());
    assertEquals(NEWER_THAN_MIDDLE, result.posts());
    assertEquals(0, result.skipped());  // stopped, not read on through the older posts
    assertEquals(2, listingRequests(ListingSort.NEW));
    assertEquals(newerThanMiddle(), Set.copyOf(ids(lines("funny.jsonl"))));
    assertFalse(Files.exists(dir.resolve("funny.collect-state")));
  }

  @ParameterizedTest
  @EnumSource(value = ListingSort.class, names = {"TOP", "HOT"})
  void sinceSkipsThatPostAndOlderOnesInOtherListings(ListingSort sort) throws IOException {
    Collector.Result result = collect(options(sort, "t3_" + MIDDLE_POST.toUpperCase(), false, 1000));
    assertTrue(result.listingFinished());
    assertEquals(NEWER_THAN_MIDDLE, result.posts());
    assertEquals(SEEDED_POSTS - NEWER_THAN_MIDDLE, result.skipped());
    assertEquals(newerThanMiddle(), Set.copyOf(ids(lines("funny.jsonl"))));
  }

  /** The fixture's post ids above {@link #MIDDLE_POST}, read from the fixture itself. */
  private static Set<String> newerThanMiddle() throws IOException {
    Set<String> newer = new HashSet<>();
    for (String line : Files.readAllLines(FIXTURES.resolve("funny_posts.jsonl"))) {
      String id = JSON.readTree(line).get("id").asText();
      if (Long.parseLong(id, 36) > Long.parseLong(MIDDLE_POST, 36)) {
        newer.add(id);
      }
    }
    assertEquals(NEWER_THAN_MIDDLE, newer.size());
    return newer;
  }

  @Test
  void sinceIsTakenBareOrAsAFullname() {
    assertEquals("abc", options(ListingSort.TOP, "abc", false, 1).sinceId());
    assertEquals("abc", options(ListingSort.TOP, "t3_ABC", false, 1).sinceId());
  }

  @Test
  void aBadSinceIsRejectedWhenTheOptionsAreBuilt() {
    // Signs parse as numbers but are no ids; 13 digits could overflow a long.
    for (String since : List.of("", "t3_", "t1_abc", "ab-c", "-12", "+12", "abc def", "1234567890abc")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> options(ListingSort.NEW, since, false, 1));
      assertEquals("--since: '" + since + "' is not a post id (base 36, as abc or t3_abc)", e.getMessage());
    }
  }

  @Test
  void theCliRejectsABadSinceInOneLineBeforeAnyRequest() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CollectCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, p) -> {  // as Main reports failures
      c.getErr().println("subsim: " + e.getMessage().lines().findFirst().orElse(""));
      return 2;
    });
    // An account the sandbox does not know: a request made before the check would fail on the login instead.
    int code = cli.execute("funny", "--out", dir.resolve("x.jsonl").toString(), "--sort", "top", "--since", "12?",
        "--client-id", "nobody-app", "--client-secret", "s", "--username", "nobody", "--password", "p",
        "--reddit-url", sandbox.reddit.baseUrl());
    assertEquals(2, code);
    assertEquals("subsim: --since: '12?' is not a post id (base 36, as abc or t3_abc)", err.toString().strip());
    assertFalse(Files.exists(dir.resolve("x.jsonl")));
  }

  private static Set<String> fields(JsonNode record) {
    Set<String> names = new HashSet<>();
    record.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
