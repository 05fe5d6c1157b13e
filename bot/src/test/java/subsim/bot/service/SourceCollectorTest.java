package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.BotConfig;
import subsim.bot.config.ConfigLoader;
import subsim.bot.content.ContentFilter;
import subsim.bot.reddit.RedditSession;
import subsim.bot.sandbox.SandboxFixture;
import subsim.bot.sandbox.SandboxSeeder;

/** The service's collection of a bot's source subreddit, through JRAW against the sandbox seeded with real r/funny. */
class SourceCollectorTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/reddit");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Posts 20-31 of the fixture; post 3hahrw among them has all the fixture's comments. */
  private static final int SEEDED = 12;
  /** Top-level comments of 3hahrw seeded (all 541 with their replies take seconds to insert). */
  private static final int SEEDED_COMMENTS = 20;

  @TempDir Path dir;
  SandboxFixture sandbox;
  RedditSession session;
  SourceCollector sources;

  @BeforeEach
  void seed() throws IOException {
    sandbox = new SandboxFixture(dir);
    Files.write(dir.resolve("seed.jsonl"), Files.readAllLines(FIXTURES.resolve("funny_posts.jsonl")).subList(20, 20 + SEEDED));
    SandboxSeeder people = new SandboxSeeder(sandbox.store, "some_redditor");
    assertEquals(SEEDED, people.seedPosts(dir.resolve("seed.jsonl"), "funny"));
    Files.write(dir.resolve("comments.jsonl"), Files.readAllLines(FIXTURES.resolve("funny_comments.jsonl")).stream()
        .filter(line -> line.contains("\"parent_id\": \"t3_")).limit(SEEDED_COMMENTS).toList());
    assertEquals(SEEDED_COMMENTS, people.seedComments(dir.resolve("comments.jsonl"), "funny"));
    // Simulator output in the source subreddit: a post by this bot, and a post and a top comment by the other bot.
    seed("alice_bot", "posts", post("zzown", "A post the bot wrote itself"));
    seed("bob_bot", "posts", post("zzbob", "A post another bot wrote"));
    seed("bob_bot", "comments", "{\"subreddit\": \"funny\", \"id\": \"zzcom\", \"link_id\": \"t3_3hahrw\", "
        + "\"parent_id\": \"t3_3hahrw\", \"body\": \"A comment another bot wrote\", \"score\": 99999, \"created_utc\": 1439797539}");
    session = sandbox.connect(SandboxFixture.ALICE);
    sources = new SourceCollector(dir.resolve("data"), Set.of("alice_bot", "Bob_Bot"), true);
  }

  @AfterEach
  void stop() {
    session.close();
    sandbox.close();
  }

  private void seed(String author, String kind, String line) throws IOException {
    Path file = dir.resolve(author + "-" + kind + ".jsonl");
    Files.writeString(file, line + "\n");
    SandboxSeeder seeder = new SandboxSeeder(sandbox.store, author);
    assertEquals(1, kind.equals("posts") ? seeder.seedPosts(file, "funny") : seeder.seedComments(file, "funny"));
  }

  private static String post(String id, String title) {
    return "{\"subreddit\": \"funny\", \"id\": \"" + id + "\", \"title\": \"" + title
        + "\", \"selftext\": \"\", \"score\": 50000, \"created_utc\": 1500000000}";
  }

  private BotContext bot(String data) {
    String yaml = """
        bots:
          - name: funnybot
            source_subreddit: funny
            target_subreddit: SimTest
            data: %s
            schedule: {posts: "0 0 0 1 1 ?"}
            account: {username: alice_bot, client_id: alice-app, client_secret: alice-secret, password: pw-a}
        """.formatted(data);
    BotConfig config = new ConfigLoader(Map.<String, String>of()::get, dir).parse(yaml, "test.yaml").bots().get(0);
    return new BotContext(config, 1, new ContentFilter(config.filters(), List.of(), List.of()),
        KeywordSource.fixed(List.of("cat"), 1), null, session.reader("funny"), 0);
  }

  private static List<String> ids(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(line -> {
      try {
        return JSON.readTree(line).get("id").asText();
      } catch (IOException e) {
        throw new AssertionError(file + ": not JSON: " + line, e);
      }
    }).toList();
  }

  @Test
  void collectsTheSourceSubredditIntoTheDataFolderWithoutAnyBotsItems() throws IOException {
    BotContext bot = bot("{collect: {limit: 100, comments_per_post: 5}}");
    List<Path> files = sources.collect(bot);
    Path posts = dir.resolve("data/funnybot/funny.jsonl");
    Path comments = dir.resolve("data/funnybot/funny.comments.jsonl");
    assertEquals(List.of(posts, comments), files);
    List<String> postIds = ids(posts);
    assertEquals(SEEDED, postIds.size());
    assertFalse(postIds.contains("zzown") || postIds.contains("zzbob"), "collected a bot's post: " + postIds);
    List<String> commentIds = ids(comments);
    assertEquals(5, commentIds.size(), "the top 5 comments other than the bot's");
    assertFalse(commentIds.contains("zzcom"), "collected a bot's comment");
  }

  @Test
  void configuredFilesComeFirstAndCollectedOnesJoinThem() throws IOException {
    Path own = dir.resolve("own.jsonl");
    Files.writeString(own, post("own1", "My own data") + "\n");
    BotContext bot = bot("{files: [own.jsonl], collect: {limit: 100, comments_per_post: 0}}");
    assertEquals(List.of(own, dir.resolve("data/funnybot/funny.jsonl")), sources.collect(bot));
  }

  @Test
  void aSecondCollectionWithNothingNewLeavesTheFingerprintAlone() throws IOException {
    BotContext bot = bot("{collect: {limit: 100, comments_per_post: 5}}");
    List<Path> first = sources.collect(bot);
    String fingerprint = TrainingService.fingerprint(bot.config(), first);
    FileTime modified = Files.getLastModifiedTime(first.get(0));

    List<Path> second = sources.collect(bot);
    assertEquals(first, second);
    assertEquals(modified, Files.getLastModifiedTime(second.get(0)));
    assertEquals(fingerprint, TrainingService.fingerprint(bot.config(), second));

    seed("some_redditor", "posts", post("zznew", "Something new on the front page"));
    List<Path> third = sources.collect(bot);
    assertTrue(ids(third.get(0)).contains("zznew"));
    assertNotEquals(fingerprint, TrainingService.fingerprint(bot.config(), third));
  }

  @Test
  void aFailedCollectionKeepsTheDataAlreadyCollected() throws IOException {
    BotContext bot = bot("{collect: {limit: 100, comments_per_post: 5}}");
    List<Path> collected = sources.collect(bot);
    List<String> before = Files.readAllLines(collected.get(0));
    sandbox.reddit.close();  // Reddit is down: reads are retried, then given up

    assertEquals(collected, sources.collect(bot));
    assertEquals(before, Files.readAllLines(collected.get(0)));
  }

  @Test
  void withoutAnyDataYetThereAreNoTrainingFiles() {
    sandbox.reddit.close();
    assertEquals(List.of(), sources.collect(bot("{collect: {limit: 100}}")));
  }

  @Test
  void aStoppedCollectorCollectsNothingMore() {
    sources.stop();
    assertEquals(List.of(), sources.collect(bot("{collect: {limit: 100}}")));
  }
}
