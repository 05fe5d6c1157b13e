package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static subsim.db.PublishState.FAILED;
import static subsim.db.PublishState.GENERATED;
import static subsim.db.PublishState.PUBLISHED;
import static subsim.db.PublishState.PUBLISHING;
import static subsim.db.PublishState.QUEUED;
import static subsim.db.PublishState.REJECTED;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicationRepositoryTest {

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Fixtures.T0);
  private Database db;
  private PublicationRepository publications;
  private long bot;

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("s.db"), clock);
    publications = db.publications();
    bot = Fixtures.bot(db, "rust");
  }

  @AfterEach
  void close() {
    db.close();
  }

  private PublicationRow newPost(String title) {
    return publications.findByItem(ItemKind.POST, Fixtures.post(db, bot, title)).orElseThrow();
  }

  private PublicationRow reload(PublicationRow row) {
    return publications.findById(row.id()).orElseThrow();
  }

  @Test
  void newItemIsGeneratedWithAStableKey() {
    PublicationRow row = newPost("a");
    assertEquals(GENERATED, row.state());
    assertEquals(ItemKind.POST, row.kind());
    assertEquals(36, row.key().length());
    assertEquals(row, publications.findByKey(row.key()).orElseThrow());
    publications.queue(row.id());
    assertEquals(row.key(), reload(row).key());
  }

  @Test
  void publishedPathRecordsEveryTransitionWithItsTime() {
    PublicationRow row = newPost("a");
    clock.advance(Duration.ofSeconds(1));
    publications.queue(row.id());
    clock.advance(Duration.ofSeconds(1));
    publications.claim(row.id());
    clock.advance(Duration.ofSeconds(1));
    Instant at = clock.instant();
    publications.markPublished(row.id(), "t3_abc", "https://reddit.test/abc", at);

    PublicationRow published = reload(row);
    assertEquals(PUBLISHED, published.state());
    assertEquals("t3_abc", published.fullname());
    assertEquals("https://reddit.test/abc", published.url());
    assertEquals(at, published.publishedAt());
    assertEquals(1, published.attempts());
    List<StateChange> history = publications.findHistory(row.id());
    assertEquals(List.of(GENERATED, QUEUED, PUBLISHING, PUBLISHED), history.stream().map(StateChange::to).toList());
    assertNull(history.get(0).from());
    assertEquals(List.of(Fixtures.T0, Fixtures.T0.plusSeconds(1), Fixtures.T0.plusSeconds(2), at),
        history.stream().map(StateChange::at).toList());
  }

  @Test
  void rejectionKeepsItsReason() {
    PublicationRow row = newPost("a");
    publications.reject(row.id(), "near-copy of a training post");
    assertEquals(REJECTED, reload(row).state());
    assertEquals("near-copy of a training post", reload(row).reason());
    assertThrows(IllegalTransitionException.class, () -> publications.queue(row.id()));
  }

  @Test
  void illegalTransitionsThrowAndChangeNothing() {
    PublicationRow row = newPost("a");
    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> publications.claim(row.id()));
    assertEquals(GENERATED, e.current());
    assertEquals(PUBLISHING, e.target());
    assertThrows(IllegalTransitionException.class, () -> publications.markPublished(row.id(), "t3_x", "u", clock.instant()));
    assertEquals(row, reload(row));
    assertEquals(1, publications.findHistory(row.id()).size());
    assertThrows(NoSuchElementException.class, () -> publications.queue(12345));
  }

  @Test
  void itemCannotReachPublishingTwice() {
    PublicationRow row = newPost("a");
    publications.queue(row.id());
    publications.claim(row.id());
    assertThrows(IllegalTransitionException.class, () -> publications.claim(row.id()));
    publications.markPublished(row.id(), "t3_abc", "u", clock.instant());
    assertThrows(IllegalTransitionException.class, () -> publications.claim(row.id()));
    assertThrows(IllegalTransitionException.class, () -> publications.queue(row.id()));
    assertEquals(1, publications.findHistory(row.id()).stream().filter(c -> c.to() == PUBLISHING).count());
  }

  @Test
  void failedItemsComeDueAtTheirRetryTimeAndAreClaimedAgainInOneStep() {
    PublicationRow queued = newPost("queued");
    PublicationRow failing = newPost("failing");
    PublicationRow givenUp = newPost("given up");
    newPost("still generated");
    for (PublicationRow row : List.of(queued, failing, givenUp)) {
      publications.queue(row.id());
    }
    for (PublicationRow row : List.of(failing, givenUp)) {
      publications.claim(row.id());
    }
    publications.markFailed(failing.id(), "HTTP 503", clock.instant().plusSeconds(60));
    publications.markFailed(givenUp.id(), "SUBREDDIT_NOEXIST", null);

    assertEquals(List.of(queued.id()), ids(publications.findDue(bot, clock.instant(), 10)));
    assertEquals(List.of(queued.id(), failing.id()), ids(publications.findDue(bot, clock.instant().plusSeconds(60), 10)));
    assertEquals(List.of(queued.id()), ids(publications.findDue(bot, clock.instant().plusSeconds(60), 1)));

    PublicationRow failed = reload(failing);
    assertEquals(FAILED, failed.state());
    assertEquals("HTTP 503", failed.error());
    assertEquals(1, failed.attempts());
    PublicationRow before = publications.claim(failing.id());
    assertEquals(FAILED, before.state());
    assertEquals(1, before.attempts(), "the claim hands back the earlier attempt, so the caller looks it up first");
    assertEquals(2, reload(failing).attempts());
    assertNull(reload(failing).retryAt());
  }

  @Test
  void aRefusedTryComesDueAgainWithoutCountingAsATry() {
    PublicationRow item = newPost("rate limited");
    publications.queue(item.id());
    publications.claim(item.id());
    publications.markFailed(item.id(), "HTTP 503", clock.instant());
    publications.claim(item.id());
    publications.markRefused(item.id(), "RATELIMIT", clock.instant().plusSeconds(300));

    PublicationRow refused = reload(item);
    assertEquals(FAILED, refused.state());
    assertEquals("RATELIMIT", refused.error());
    assertEquals(1, refused.attempts(), "only the try that may have reached Reddit counts");
    assertEquals(clock.instant().plusSeconds(300), refused.retryAt());
    assertEquals(List.of(), ids(publications.findDue(bot, clock.instant(), 10)));
    assertEquals(List.of(item.id()), ids(publications.findDue(bot, clock.instant().plusSeconds(300), 10)));
    assertThrows(IllegalTransitionException.class, () -> publications.markRefused(item.id(), "again", null));
  }

  @Test
  void dueItemsArePerBotSoAnotherBotsBacklogHidesNothing() {
    long other = Fixtures.bot(db, "python");
    for (int i = 0; i < 3; i++) {
      publications.queue(publications.findByItem(ItemKind.POST, Fixtures.post(db, other, "stuck " + i)).orElseThrow().id());
    }
    PublicationRow mine = newPost("mine");
    publications.queue(mine.id());
    assertEquals(List.of(mine.id()), ids(publications.findDue(bot, clock.instant(), 2)));
    assertEquals(3, publications.findDue(other, clock.instant(), 10).size());
  }

  @Test
  void generatedItemsAreFoundPerBotForReconciliation() {
    PublicationRow generated = newPost("caught by a crash");
    publications.queue(newPost("queued").id());
    Fixtures.post(db, Fixtures.bot(db, "python"), "another bot's");
    assertEquals(List.of(generated.id()), ids(publications.findGenerated(bot)));
  }

  @Test
  void itemsLeftPublishingAreHandedBackForReconciliation() {
    PublicationRow interrupted = newPost("interrupted");
    PublicationRow queued = newPost("queued");
    publications.queue(interrupted.id());
    publications.queue(queued.id());
    publications.claim(interrupted.id());
    db.close();

    db = Database.open(dir.resolve("s.db"), clock);
    publications = db.publications();
    assertEquals(List.of(interrupted.id()), ids(publications.findPublishing()));
    assertEquals(List.of(queued.id()), ids(publications.findDue(bot, clock.instant(), 10)));
    publications.markFailed(interrupted.id(), "not found on Reddit after restart", clock.instant());
    assertEquals(List.of(interrupted.id(), queued.id()), ids(publications.findDue(bot, clock.instant(), 10)));
  }

  @Test
  void countsPerStateAndPerBot() {
    long other = Fixtures.bot(db, "python");
    PublicationRow a = newPost("a");
    newPost("b");
    Fixtures.post(db, other, "c");
    publications.reject(a.id(), "duplicate");

    Map<PublishState, Long> all = publications.countByState();
    assertEquals(6, all.size());
    assertEquals(2L, all.get(GENERATED));
    assertEquals(1L, all.get(REJECTED));
    assertEquals(0L, all.get(PUBLISHED));
    assertEquals(1L, publications.countByState(bot).get(GENERATED));
    assertEquals(1L, publications.countByState(other).get(GENERATED));
    assertEquals(0L, publications.countByState(other).get(REJECTED));
  }

  @Test
  void recentErrorsListFailuresNewestFirstWithTheirBot() {
    PublicationRow a = newPost("a");
    publications.queue(a.id());
    publications.claim(a.id());
    publications.markFailed(a.id(), "HTTP 500", clock.instant());
    clock.advance(Duration.ofMinutes(1));
    publications.claim(a.id());
    publications.markFailed(a.id(), "RATELIMIT", clock.instant());

    List<PublishError> errors = publications.findRecentErrors(10);
    assertEquals(List.of("RATELIMIT", "HTTP 500"), errors.stream().map(PublishError::error).toList());
    assertEquals("rust", errors.get(0).botName());
    assertEquals(a.key(), errors.get(0).key());
    assertEquals(1, publications.findRecentErrors(1).size());
  }

  @Test
  void everyStateNamesItsLegalSuccessors() {
    assertTrue(GENERATED.canMoveTo(QUEUED) && GENERATED.canMoveTo(REJECTED));
    assertTrue(FAILED.canMoveTo(PUBLISHING) && !FAILED.canMoveTo(QUEUED));
    assertTrue(PUBLISHED.next().isEmpty() && REJECTED.next().isEmpty());
    assertTrue(!QUEUED.canMoveTo(PUBLISHED) && !PUBLISHING.canMoveTo(QUEUED));
  }

  private static List<Long> ids(List<PublicationRow> rows) {
    return rows.stream().map(PublicationRow::id).toList();
  }
}
