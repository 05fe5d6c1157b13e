package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RedditAccount;
import subsim.bot.reddit.RedditClientOptions;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.RemoteComment;
import subsim.bot.reddit.RemotePost;
import subsim.bot.reddit.SubredditReader;
import subsim.bot.reddit.TimeWindow;
import subsim.bot.reddit.Timekeeper;
import subsim.bot.sandbox.Fault;
import subsim.bot.sandbox.Faults;
import subsim.db.Database;
import subsim.db.ItemKind;
import subsim.db.PublicationRow;
import subsim.db.PublishState;
import subsim.keywords.KeywordFormat;

/**
 * The service publishing while the sandbox Reddit misbehaves (429, 5xx before and after storing, dropped
 * connections, RATELIMIT): every accepted item ends up on Reddit exactly once.
 */
class PublishingFaultsTest {

  @TempDir Path dir;

  /**
   * Real time plus an offset that moves forward when the Reddit clients wait (Retry-After, RATELIMIT, backoff) and
   * when the test says so, so that waits of minutes, theirs and the outbox's, pass at once. The service's clock and
   * its Reddit clients' {@link Timekeeper} are this one object, so both see the same time.
   */
  private static final class SkewedTime extends Clock implements Timekeeper {
    private volatile Duration offset = Duration.ZERO;

    synchronized void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public Instant now() {
      return Instant.now().plus(offset);
    }

    @Override
    public void sleep(Duration duration) {
      if (!duration.isNegative()) {
        advance(duration);
      }
    }

    @Override
    public Instant instant() {
      return now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private SubsimConfig config() throws Exception {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    String yaml = """
        database: var/subsim.db
        models_dir: var/models
        web: {port: 0}
        reddit: {mode: sandbox, sandbox_port: 0}
        label: "*Synthetic ({model}, r/{subreddit}).*"
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimFaults
            flair: "Jokes bot"
            data: {files: [jokes.jsonl]}
            model: {size: tiny, training: {steps: 2, batch: 2, block_size: 32, val_fraction: 0}}
            generation: {max_tokens: 10, max_attempts: 3}
            keywords: {source: fixed, fixed: [cat, dog], count: 1}
            schedule: {posts: "0/2 * * * * ?", comments: "1/2 * * * * ?"}
            account: {username: jokes_bot, client_id: id-jokes, client_secret: secret, password: pw}
            limits: {posts_per_day: 10000, comments_per_post: 50, reply_depth: 3}
        """;
    return new ConfigLoader(Map.<String, String>of()::get, dir).parse(yaml, "faults.yaml");
  }

  /** The real format without keyword extraction (CoreNLP is not what this test is about): titles as posts. */
  private static CorpusEncoder titlesOnly() {
    return (files, subreddit, out) -> {
      List<String> lines = TrainingTexts.read(files).stream()
          .map(text -> KeywordFormat.encodePost(subreddit, List.of(), text, "")).toList();
      try {
        Files.write(out, lines);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CorpusEncoder.Counts(lines.size(), 0);
    };
  }

  /** The one-bot service on {@code time}, its clock and its Reddit clients' alike. */
  private SubsimService start(SkewedTime time) throws Exception {
    SubsimConfig config = config();
    return SubsimService.start(config, new SubsimService.Parts(new KeywordParts(config.modelsDir()), titlesOnly(),
        b -> r -> List.of()), time, time, TrainingDisplay.logLines(1));
  }

  @Test
  void itemsSurviveEveryFaultAndNoneIsPublishedTwice() throws Exception {
    SkewedTime time = new SkewedTime();
    try (SubsimService service = start(time)) {
      Faults faults = service.sandbox().faults().retryAfterSeconds(30).ratelimitMinutes(5);
      Database db = service.database();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      for (Fault fault : Fault.values()) {
        faults.add("/api/submit", fault).add("/api/comment", fault);
      }
      awaitSettled(time, faults, db, 2, 2, deadline);
      assertEachPublishedOnce(service, db);
      // Then a write stored but answered 500 whose look-up fails every time: the publisher gives up, the outbox
      // marks the item FAILED, and its next round, which meets no fault, must find it instead of sending it again.
      int reads = RedditClientOptions.defaults().maxAttempts();
      faults.add("/api/submit", Fault.SERVER_ERROR_AFTER_STORE).add("/api/comment", Fault.SERVER_ERROR_AFTER_STORE)
          .add("/user/jokes_bot/submitted", Fault.SERVER_ERROR_BEFORE_STORE, reads)
          .add("/user/jokes_bot/comments", Fault.SERVER_ERROR_BEFORE_STORE, reads);
      awaitSettled(time, faults, db, 4, 4, deadline);

      List<String> onReddit = assertEachPublishedOnce(service, db);
      for (ItemKind kind : ItemKind.values()) {
        assertTrue(republished(db, kind).stream().anyMatch(onReddit::contains),
            "no " + kind + " went through the outbox's look-up after giving up");
      }
    }
  }

  @Test
  void aRateLimitedItemIsSentAgainWithoutALookUpOrUsingATry() throws Exception {
    SkewedTime time = new SkewedTime();
    try (SubsimService service = start(time)) {
      // Reddit stored nothing, so looking the post up before sending it again would only spend a request: this
      // fault on the look-up's listing stays unused unless the outbox looks.
      Faults faults = service.sandbox().faults().ratelimitMinutes(5)
          .add("/api/submit", Fault.RATELIMIT_ERROR)
          .add("/user/jokes_bot/submitted", Fault.SERVER_ERROR_BEFORE_STORE);
      Database db = service.database();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!(faults.pendingCount() <= 1 && settled(db) && published(db, ItemKind.POST).size() >= 2)) {
        assertTrue(System.nanoTime() < deadline, "not settled in time: " + db.publications().countByState());
        Thread.sleep(500);
        time.advance(Duration.ofMinutes(1));
      }
      assertEquals(1, faults.pendingCount(), "the rate-limited post was looked up before it was sent again");
      faults.clear();
      assertTrue(fullnames(db, ItemKind.POST, row -> row.attempts() != 1).isEmpty(),
          "a refused try was counted as one of the item's tries");
      assertEachPublishedOnce(service, db);
    }
  }

  /** Every item on Reddit is there once and recorded PUBLISHED with its fullname, and the other way round. */
  private static List<String> assertEachPublishedOnce(SubsimService service, Database db) {
    Set<String> before = published(db, ItemKind.POST);
    before.addAll(published(db, ItemKind.COMMENT));
    List<String> onReddit = onReddit(service, "SimFaults");
    Set<String> after = published(db, ItemKind.POST);
    after.addAll(published(db, ItemKind.COMMENT));
    assertEquals(onReddit.size(), new HashSet<>(onReddit).size(), "the same item twice on Reddit: " + onReddit);
    assertTrue(onReddit.containsAll(before), "recorded PUBLISHED but not on Reddit: " + diff(before, onReddit));
    assertTrue(after.containsAll(onReddit), "on Reddit but not recorded PUBLISHED: " + diff(onReddit, after));
    return onReddit;
  }

  /** Waits, moving time on, until every fault happened and at least so many items are published, none pending. */
  private static void awaitSettled(SkewedTime time, Faults faults, Database db, int posts, int comments, long deadline)
      throws InterruptedException {
    while (!(faults.pendingCount() == 0 && settled(db) && published(db, ItemKind.POST).size() >= posts
        && published(db, ItemKind.COMMENT).size() >= comments)) {
      assertTrue(System.nanoTime() < deadline, "not settled in time: " + faults.pendingCount() + " faults pending, "
          + db.publications().countByState());
      Thread.sleep(500);
      time.advance(Duration.ofMinutes(1));
    }
  }

  /** Nothing waiting for a retry or in flight: every accepted item is published. */
  private static boolean settled(Database db) {
    Map<PublishState, Long> states = db.publications().countByState();
    return states.getOrDefault(PublishState.QUEUED, 0L) + states.getOrDefault(PublishState.FAILED, 0L)
        + states.getOrDefault(PublishState.PUBLISHING, 0L) == 0;
  }

  private static Set<String> published(Database db, ItemKind kind) {
    return fullnames(db, kind, row -> row.state() == PublishState.PUBLISHED);
  }

  /** Items published on a second or later attempt: after the outbox marked them FAILED and looked them up. */
  private static Set<String> republished(Database db, ItemKind kind) {
    return fullnames(db, kind, row -> row.state() == PublishState.PUBLISHED && row.attempts() > 1);
  }

  private static Set<String> fullnames(Database db, ItemKind kind, Predicate<PublicationRow> which) {
    Set<String> fullnames = new HashSet<>();
    for (var bot : db.bots().findAll()) {
      for (var post : db.posts().findRecentByBot(bot.id(), 10_000)) {
        if (kind == ItemKind.POST) {
          db.publications().findByItem(ItemKind.POST, post.id()).filter(which)
              .map(PublicationRow::fullname).ifPresent(fullnames::add);
        } else {
          db.comments().findByPost(post.id()).forEach(c -> db.publications().findByItem(ItemKind.COMMENT, c.id())
              .filter(which).map(PublicationRow::fullname).ifPresent(fullnames::add));
        }
      }
    }
    return fullnames;
  }

  /** The fullnames of every post and comment on the subreddit; fails on the same text posted twice. */
  private static List<String> onReddit(SubsimService service, String subreddit) {
    List<String> fullnames = new ArrayList<>();
    Set<String> texts = new HashSet<>();
    try (RedditSession session = RedditSession.connect(new RedditAccount("id-jokes", "secret", "jokes_bot", "pw"),
        RedditEndpoints.sandbox(service.sandboxUrl()), RedditClientOptions.defaults())) {
      SubredditReader reader = session.reader(subreddit);
      for (RemotePost post : reader.page(ListingSort.NEW, TimeWindow.ALL, null, 100).posts()) {
        fullnames.add(post.fullname());
        assertTrue(texts.add(post.title() + "\n" + post.selftext()), "posted twice: " + post.title());
        for (RemoteComment comment : reader.thread(post.id(), 500, 10).comments()) {
          fullnames.add(comment.fullname());
          assertTrue(texts.add(comment.parentId() + "\n" + comment.body()), "commented twice: " + comment.body());
        }
      }
    }
    return fullnames;
  }

  private static List<String> diff(Collection<String> a, Collection<String> b) {
    return a.stream().filter(x -> !b.contains(x)).toList();
  }
}
