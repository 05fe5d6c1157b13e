package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.reddit.FakeTime;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RedditAccount;
import subsim.bot.reddit.RedditClientOptions;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.RemoteComment;
import subsim.bot.reddit.RemotePost;
import subsim.bot.reddit.RemoteThread;
import subsim.bot.reddit.SubredditReader;
import subsim.bot.reddit.TimeWindow;
import subsim.bot.sandbox.SandboxSeeder;
import subsim.bot.web.Browser;
import subsim.db.Database;
import subsim.db.DatasetRow;
import subsim.db.Generation;
import subsim.db.ItemKind;
import subsim.db.PublicationRow;
import subsim.db.PublishState;
import subsim.db.sandbox.SandboxStore;

/**
 * End to end: the service encodes its bots' data in the real keyword format, trains tiny models on it, and posts
 * and comments on a fast schedule into the sandbox Reddit.
 */
class SubsimServiceTest {

  private static final String LABEL_START = "*Synthetic text by a GPT-2 bot";

  @TempDir Path dir;

  private SubsimConfig config() throws Exception {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    Files.copy(Path.of("../demo/Showerthoughts.jsonl"), dir.resolve("shower.jsonl"));
    String bot = """
          - name: %s
            source_subreddit: %s
            target_subreddit: SimTest
            flair: "%s bot"
            flair_id: 4a7d0c52-flair-template
            data: {files: [%s]}
            model: {size: tiny, training: {steps: 2, batch: 2, block_size: 32, val_fraction: 0}}
            generation: {max_tokens: 12, max_attempts: 3}
            keywords: %s
            schedule: {posts: "%s", comments: "%s"}
            account: {username: %s, client_id: id-%s, client_secret: secret, password: pw}
            limits: {comments_per_post: 20, reply_depth: 3}
        """;
    String yaml = """
        database: var/subsim.db
        models_dir: var/models
        web: {port: 0}
        reddit: {mode: sandbox, sandbox_port: 0}
        label: "*Synthetic text by a GPT-2 bot ({model}) trained on r/{subreddit}.*"
        bots:
        """ + bot.formatted("jokes", "Jokes", "Jokes", "jokes.jsonl", "{source: sampled, count: 2}", "0/3 * * * * ?", "1/2 * * * * ?", "jokes_bot", "jokes")
        + bot.formatted("shower", "Showerthoughts", "Shower", "shower.jsonl", "{source: fixed, fixed: [cat, dog, bar], count: 2}", "2/4 * * * * ?", "0/2 * * * * ?", "shower_bot", "shower");
    return new ConfigLoader(Map.<String, String>of()::get, dir).parse(yaml, "e2e.yaml");
  }

  /** One untrained r/Jokes bot, its database under var/, its sandbox Reddit on {@code sandboxPort}. */
  private SubsimConfig jokesOnly(int sandboxPort) throws Exception {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    return new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        database: var/subsim.db
        web: {port: 0}
        reddit: {mode: sandbox, sandbox_port: %d}
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimTest
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: jokes_bot, client_id: id, client_secret: s, password: p}
        """.formatted(sandboxPort), "jokes.yaml");
  }

  @Test
  void aStartThatFailsClosesWhatItOpened() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      SubsimConfig config = jokesOnly(taken.getLocalPort());
      assertThrows(RuntimeException.class, () -> SubsimService.start(config,
          new KeywordParts(config.modelsDir()).parts(), Clock.systemUTC(), TrainingDisplay.logLines(1)));
      assertTrue(Files.exists(dir.resolve("var/subsim.db")), "the start failed before opening the database");
      assertEquals(0, openHandles(dir.resolve("var/subsim.db")), "the service's database is still open");
      assertEquals(0, openHandles(dir.resolve("var/sandbox-reddit.db")), "the sandbox's database is still open");
    }
  }

  @Test
  void aSecondServiceOnTheSameDatabaseOrModelsFolderIsRefusedBeforeItTouchesAnything() throws Exception {
    SubsimConfig config = jokesOnly(0);
    // The running service's locks, as the first service takes them (another process's give the same errors).
    try (ServiceLock running = ServiceLock.onDatabase(config.database())) {
      assertRefused(config, "the database " + config.database());
    }
    // A second service with a database of its own would still train into, and clean up, the same model folders.
    try (ServiceLock running = ServiceLock.onModels(config.modelsDir())) {
      assertRefused(config, "the models folder " + config.modelsDir());
    }
    try (ServiceLock released = ServiceLock.onDatabase(config.database())) {
      assertTrue(Files.isRegularFile(dir.resolve("var/subsim.db.lock")));
    }
  }

  private static void assertRefused(SubsimConfig config, String held) {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SubsimService.start(config,
        new KeywordParts(config.modelsDir()).parts(), Clock.systemUTC(), TrainingDisplay.logLines(1)));
    assertTrue(refused.getMessage().startsWith("another subsim service (process " + ProcessHandle.current().pid()
        + ") is using " + held), refused.getMessage());
    assertFalse(Files.exists(config.database()), "the refused service opened the database");
  }

  /** This process's open file descriptors on {@code file} (Linux). */
  private static long openHandles(Path file) throws java.io.IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd to look at");
    Path real = file.toRealPath(); // the descriptors' links name real paths, without symlinks on the way
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (java.io.IOException e) {
          return false; // closed while listing
        }
      }).count();
    }
  }

  @Test
  void postsAndCommentThreadsAppearLabelledPublishedAndRecorded() throws Exception {
    SubsimConfig config = config();
    long caughtByACrash;
    try (Database before = Database.open(config.database())) {
      // A post recorded just before a crash, without its filters' verdict: the start must settle it.
      long jokes = before.bots().upsert("jokes", "Jokes", "SimTest", "jokes_bot");
      caughtByACrash = before.posts().insert(jokes, "SimTest", "a title", "a body", "[label]",
          new Generation(List.of("cat"), "temperature=1", 1, null, Instant.now(), 1));
    }
    try (SubsimService service = SubsimService.start(config, new KeywordParts(config.modelsDir()).parts(),
        Clock.systemUTC(), TrainingDisplay.logLines(1))) {
      Database db = service.database();
      awaitPublished(db, 3, 4, Duration.ofSeconds(150));
      PublicationRow settled = db.publications().findByItem(ItemKind.POST, caughtByACrash).orElseThrow();
      assertEquals(PublishState.REJECTED, settled.state());
      assertTrue(settled.reason().startsWith("interrupted before"), settled.reason());

      RedditSession reader = RedditSession.connect(new RedditAccount("id-jokes", "secret", "jokes_bot", "pw"),
          RedditEndpoints.sandbox(service.sandboxUrl()), RedditClientOptions.defaults());
      SubredditReader sim = reader.reader("SimTest");
      List<RemotePost> posts = sim.page(ListingSort.NEW, TimeWindow.ALL, null, 100).posts();
      assertTrue(posts.size() >= 3, "posts on Reddit: " + posts.size());
      Set<String> published = db.publications().countByState().get(PublishState.PUBLISHED) > 0
          ? publishedFullnames(db) : Set.of();
      int comments = 0;
      assertTrue(Files.isRegularFile(config.modelsDir().resolve("jokes/keywords.tsv")), "no keyword distribution written");
      for (RemotePost post : posts) {
        assertTrue(post.selftext().contains(LABEL_START), "post without label: " + post.selftext());
        assertFalse(post.title().isBlank() || post.title().contains("<|") || post.title().contains("~@"),
            "title is not a decoded title: " + post.title());
        assertTrue(post.selftext().contains("trained on r/Jokes") || post.selftext().contains("trained on r/Showerthoughts"));
        assertTrue(post.flairText() != null && post.flairText().endsWith(" bot"), "flair: " + post.flairText());
        assertTrue(published.contains(post.fullname()), post.fullname() + " is not recorded as PUBLISHED");
        RemoteThread thread = sim.thread(post.id(), 100, 10);
        for (RemoteComment comment : thread.comments()) {
          assertTrue(comment.body().contains(LABEL_START), "comment without label: " + comment.body());
          assertTrue(published.contains(comment.fullname()), comment.fullname() + " is not recorded as PUBLISHED");
          comments++;
        }
      }
      assertTrue(comments >= 4, "comments on Reddit: " + comments);
      assertNoSelfReplies(db);
      assertEveryItemNamesItsModel(db, caughtByACrash);

      ChromeDriver browser = Browser.open(dir.resolve("profile"));
      try {
        browser.get("http://127.0.0.1:" + service.webPort() + "/r/SimTest");
        List<WebElement> things = browser.findElements(By.cssSelector("#siteTable .thing"));
        assertTrue(things.size() >= 3);
        WebElement commented = things.stream()
            .filter(t -> !t.findElement(By.cssSelector("a.comments")).getText().startsWith("0 "))
            .findFirst().orElseThrow();
        commented.findElement(By.cssSelector("a.title")).click();
        assertTrue(browser.findElement(By.id("selftext")).getText().contains(LABEL_START.replace("*", "")) ||
            browser.findElement(By.id("selftext")).getText().contains(LABEL_START));
        List<WebElement> shown = browser.findElements(By.cssSelector(".comment"));
        assertFalse(shown.isEmpty());
        for (WebElement comment : shown) {
          assertTrue(comment.findElement(By.cssSelector(".synthetic-label em")).getText().startsWith(LABEL_START.replace("*", "")));
        }
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void collectsItsSeededSourceSubredditTrainsOnItAndRetrainsOnlyWhenSomethingNewCameIn() throws Exception {
    Path sandboxDb = dir.resolve("var/sandbox-reddit.db");
    Files.createDirectories(sandboxDb.getParent());
    Path fixtures = Path.of("src/test/resources/fixtures/reddit");
    List<String> seededPosts = Files.readAllLines(fixtures.resolve("funny_posts.jsonl")).subList(20, 32);
    Files.write(dir.resolve("seed-posts.jsonl"), seededPosts);
    // Titles that read the same in HTML, so a page showing one would contain it verbatim.
    List<String> plainTitles = new ArrayList<>();
    for (String post : seededPosts) {
      String title = new ObjectMapper().readTree(post).path("title").asText();
      if (title.matches("[\\w ,.!?]+")) {
        plainTitles.add(title);
      }
    }
    assertTrue(plainTitles.size() >= 3, "too few plain titles to look for: " + plainTitles);
    Files.write(dir.resolve("seed-comments.jsonl"), Files.readAllLines(fixtures.resolve("funny_comments.jsonl")).stream()
        .filter(line -> line.contains("\"parent_id\": \"t3_")).limit(20).toList());
    Files.writeString(dir.resolve("bot-post.jsonl"), funnyPost("zzbot", "Written by the other bot"));
    Files.write(dir.resolve("jokes.jsonl"), Files.readAllLines(Path.of("../demo/Jokes.jsonl")).subList(0, 20));
    seedSandbox(sandboxDb, "jokes_bot", dir.resolve("bot-post.jsonl"));
    String bot = """
          - name: %s
            source_subreddit: %s
            target_subreddit: SimTest
            data: %s
            model: {size: tiny, training: {steps: 2, batch: 2, block_size: 32, val_fraction: 0}}
            keywords: {source: fixed, fixed: [cat], count: 1}
            schedule: {posts: "0 0 0 1 1 ?"}
            account: {username: %s, client_id: id-%s, client_secret: secret, password: pw}
        """;
    String yaml = """
        database: var/subsim.db
        models_dir: var/models
        web: {port: 0}
        reddit: {mode: sandbox, sandbox_port: 0, sandbox_seed: [seed-posts.jsonl, seed-comments.jsonl]}
        bots:
        """ + bot.formatted("funny", "funny", "{collect: {limit: 100, comments_per_post: 5}}", "funny_bot", "funny")
        + bot.formatted("jokes", "Jokes", "{files: [jokes.jsonl]}", "jokes_bot", "jokes");
    SubsimConfig config = new ConfigLoader(Map.<String, String>of()::get, dir).parse(yaml, "collect.yaml");
    try (SubsimService service = SubsimService.start(config, new KeywordParts(config.modelsDir()).parts(),
        Clock.systemUTC(), new FakeTime(), TrainingDisplay.logLines(1))) {
      Database db = service.database();
      long funnyId = db.bots().findByName("funny").orElseThrow().id();
      BotContext funny = service.bots().stream().filter(b -> b.name().equals("funny")).findFirst().orElseThrow();
      awaitModel(db, funnyId, Duration.ofSeconds(150));
      Path posts = dir.resolve("var/data/funny/funny.jsonl");
      Path comments = dir.resolve("var/data/funny/funny.comments.jsonl");
      assertEquals(12, Files.readAllLines(posts).size());
      assertFalse(Files.readString(posts).contains("zzbot"), "collected another bot's post");
      DatasetRow dataset = db.datasets().findLatestByBot(funnyId).orElseThrow();
      assertEquals(List.of(posts.toString(), comments.toString()), dataset.sourceFiles());
      assertEquals(12, dataset.postCount());
      assertEquals(5, dataset.commentCount());

      trainingCheck(service, funny);
      assertTrue(funny.model().isPresent());
      assertEquals(1, db.models().findByBot(funnyId).size(), "retrained although nothing new was collected");
      assertEquals(dataset, db.datasets().findLatestByBot(funnyId).orElseThrow());

      Files.writeString(dir.resolve("new-post.jsonl"), funnyPost("zznew", "Something new on the front page"));
      seedSandbox(sandboxDb, "some_redditor", dir.resolve("new-post.jsonl"));
      trainingCheck(service, funny);
      assertEquals(2, db.models().findByBot(funnyId).size(), "no retraining on newly collected data");
      assertEquals(13, db.datasets().findLatestByBot(funnyId).orElseThrow().postCount());
      Path newest = Path.of(db.models().findNewestByBot(funnyId).orElseThrow().folder());
      try (Stream<Path> versions = Files.list(config.modelsDir().resolve("funny"))) {
        assertEquals(List.of(newest.getParent().getParent()), versions.filter(Files::isDirectory).toList(),
            "the folder of the model trained on the earlier data is still there");
      }

      // The web pages show what the bots wrote, never the seeded posts; no bot posts under the seeded
      // subreddit's name, so it has no page.
      String html = get("http://127.0.0.1:" + service.webPort() + "/");
      assertTrue(html.contains("r/SimTest"), html);
      for (String title : plainTitles) {
        assertFalse(html.contains(title), "seeded post on the front page: " + title);
      }
      HttpResponse<String> seeded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.webPort() + "/r/funny")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, seeded.statusCode(), "a page for the seeded source subreddit");
    }
    // A restart seeds again: every id is already there, so nothing is added twice and the service starts.
    SubsimService.start(config, new KeywordParts(config.modelsDir()).parts(), Clock.systemUTC(), new FakeTime(),
        TrainingDisplay.logLines(1)).close();
    SandboxStore store = SandboxStore.open(sandboxDb);
    try {
      assertEquals(12, store.postsByAuthor(SubsimService.SEED_AUTHOR, null, 100).size());
      assertEquals(20, store.commentsByAuthor(SubsimService.SEED_AUTHOR, null, 100).size());
    } finally {
      store.database().close();
    }
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  private static String funnyPost(String id, String title) {
    return "{\"subreddit\": \"funny\", \"id\": \"" + id + "\", \"title\": \"" + title
        + "\", \"selftext\": \"\", \"score\": 50000, \"created_utc\": 1500000000}\n";
  }

  /** Seeds the sandbox's store (before the service starts, or beside it) through a connection of its own. */
  private static void seedSandbox(Path file, String author, Path posts) {
    SandboxStore store = SandboxStore.open(file);
    try {
      assertTrue(new SandboxSeeder(store, author).seedPosts(posts, "funny") > 0);
    } finally {
      store.database().close();
    }
  }

  /** What the training job does, run now rather than at the next half-hourly check. */
  private static void trainingCheck(SubsimService service, BotContext bot) {
    bot.lock().lock();
    try {
      service.actions().train(bot);
    } finally {
      bot.lock().unlock();
    }
  }

  private static void awaitModel(Database db, long botId, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (db.models().findNewestByBot(botId).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no model within " + limit + "; runs: " + db.trainingRuns().findRecentByBot(botId, 5));
      }
      Thread.sleep(500);
    }
  }

  private static Set<String> publishedFullnames(Database db) {
    return db.bots().findAll().stream()
        .flatMap(b -> db.posts().findRecentByBot(b.id(), 1000).stream())
        .flatMap(p -> java.util.stream.Stream.concat(
            db.publications().findByItem(ItemKind.POST, p.id()).stream(),
            db.comments().findByPost(p.id()).stream().flatMap(c -> db.publications().findByItem(ItemKind.COMMENT, c.id()).stream())))
        .filter(r -> r.state() == PublishState.PUBLISHED)
        .map(PublicationRow::fullname)
        .collect(Collectors.toSet());
  }

  /** No comment replies to a comment by the same bot. */
  /** Every post and comment the bots wrote records the model that wrote it (each bot trains one here). */
  private static void assertEveryItemNamesItsModel(Database db, long writtenBeforeTheStart) {
    for (var bot : db.bots().findAll()) {
      for (var post : db.posts().findRecentByBot(bot.id(), 1000)) {
        if (post.id() != writtenBeforeTheStart) {
          assertEquals(newestModel(db, post.botId()), post.generation().modelId(), "model of post " + post.id());
        }
        for (var comment : db.comments().findByPost(post.id())) {
          assertEquals(newestModel(db, comment.botId()), comment.generation().modelId(),
              "model of comment " + comment.id());
        }
      }
    }
  }

  private static Long newestModel(Database db, long botId) {
    return db.models().findNewestByBot(botId).orElseThrow().id();
  }

  private static void assertNoSelfReplies(Database db) {
    db.bots().findAll().forEach(b -> db.posts().findRecentByBot(b.id(), 1000).forEach(p -> {
      var comments = db.comments().findByPost(p.id());
      Map<Long, Long> authors = comments.stream().collect(Collectors.toMap(c -> c.id(), c -> c.botId()));
      comments.stream().filter(c -> c.parentId() != null)
          .forEach(c -> assertFalse(authors.get(c.parentId()) == c.botId(), "bot replied to itself: comment " + c.id()));
    }));
  }

  private static void awaitPublished(Database db, int posts, int comments, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      long postCount = 0;
      long commentCount = 0;
      for (var bot : db.bots().findAll()) {
        for (var post : db.posts().findRecentByBot(bot.id(), 1000)) {
          if (db.publications().findByItem(ItemKind.POST, post.id()).orElseThrow().state() == PublishState.PUBLISHED) {
            postCount++;
          }
          commentCount += db.comments().findByPost(post.id()).stream()
              .filter(c -> db.publications().findByItem(ItemKind.COMMENT, c.id()).orElseThrow().state() == PublishState.PUBLISHED)
              .count();
        }
      }
      if (postCount >= posts && commentCount >= comments) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not enough published within " + limit + "; states: " + db.publications().countByState()
        + EnumSet.noneOf(PublishState.class));
  }
}
