package subsim.bot.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import subsim.bot.sandbox.Fault;
import subsim.bot.sandbox.SandboxFixture;
import subsim.db.sandbox.PostOrder;

class RedditPublisherTest {

  @TempDir Path dir;
  SandboxFixture sandbox;
  RedditSession alice;
  RedditPublisher publisher;

  @BeforeEach
  void start() {
    sandbox = new SandboxFixture(dir);
    alice = sandbox.connect(SandboxFixture.ALICE);
    publisher = alice.publisher("SubSimulator");
  }

  @AfterEach
  void stop() {
    alice.close();
    sandbox.close();
  }

  @Test
  void submitsAPostThatListingsAndThreadsShowWithItsFlair() {
    Published post = publisher.submit("A title", "Some body text", new Flair("synthetic", "4a7d0c52-flair-template"));
    assertTrue(post.fullname().startsWith("t3_"));
    assertTrue(post.url().startsWith(sandbox.reddit.baseUrl() + "/r/SubSimulator/comments/" + post.id()));

    ListingPage page = alice.reader("SubSimulator").page(ListingSort.NEW, TimeWindow.ALL, null, 10);
    assertEquals(1, page.posts().size());
    RemotePost listed = page.posts().get(0);
    assertEquals(post.id(), listed.id());
    assertEquals("alice_bot", listed.author());
    assertEquals("Some body text", listed.selftext());
    assertEquals("synthetic", listed.flairText());
  }

  @Test
  void repliesBuildATreeThatJrawReadsBack() {
    Published post = publisher.submit("Thread", "body", null);
    RedditSession bob = sandbox.connect(SandboxFixture.BOB);
    Published top = bob.publisher("SubSimulator").reply(post.fullname(), "top-level comment");
    Published nested = publisher.reply(top.fullname(), "a reply to bob");
    assertTrue(top.fullname().startsWith("t1_"));

    RemoteThread thread = alice.reader("SubSimulator").thread(post.id(), 100, 10);
    assertEquals(2, thread.comments().size());
    RemoteComment first = thread.comments().get(0);
    RemoteComment second = thread.comments().get(1);
    assertEquals(List.of(top.id(), nested.id()), List.of(first.id(), second.id()));
    assertEquals(post.fullname(), first.parentId());
    assertEquals(top.fullname(), second.parentId());
    assertEquals(List.of(0, 1), List.of(first.depth(), second.depth()));
    assertEquals("bob_bot", first.author());
    assertEquals(2, thread.post().commentCount());
    bob.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFaultOnSubmitNeitherLosesNorDuplicatesThePost(Fault fault) {
    sandbox.reddit.faults().add("/api/submit", fault);
    Published post = againAfterALongRateLimit(() -> publisher.submit("Faulty " + fault, "body " + fault, null));
    assertEquals(1, sandbox.store.countPostsTitled("Faulty " + fault));
    assertEquals(post.id(), sandbox.store.listPosts("SubSimulator", PostOrder.NEW, 0, null, 10).get(0).id());
    assertEquals(0, sandbox.reddit.faults().pendingCount());
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFaultOnCommentNeitherLosesNorDuplicatesTheComment(Fault fault) {
    Published post = publisher.submit("Post", "body", null);
    sandbox.reddit.faults().add("/api/comment", fault);
    Published comment = againAfterALongRateLimit(() -> publisher.reply(post.fullname(), "comment under " + fault));
    assertEquals(1, sandbox.store.countCommentsWithBody("comment under " + fault));
    assertEquals(post.fullname(), sandbox.store.findComment(comment.id()).orElseThrow().parentId());
  }

  /** Writes, and writes again if Reddit asked for a wait too long to take inline, as the outbox does later. */
  private static Published againAfterALongRateLimit(java.util.function.Supplier<Published> write) {
    try {
      return write.get();
    } catch (RedditException.RateLimited limited) {
      assertTrue(limited.retryAfter().compareTo(RedditPublisher.LONGEST_WAIT_IN_A_WRITE) > 0, limited.toString());
      return write.get();
    }
  }

  @Test
  void waitsAsToldByRetryAfterAndHandsLongerRateLimitsBack() {
    sandbox.reddit.faults().retryAfterSeconds(20).add("/api/submit", Fault.TOO_MANY_REQUESTS);
    publisher.submit("first", "x", null);
    assertTrue(sandbox.time.sleeps().contains(Duration.ofSeconds(20)), sandbox.time.sleeps().toString());

    // Minutes are not waited out on the job's thread: the outbox retries the item when Reddit allows.
    sandbox.reddit.faults().ratelimitMinutes(6).add("/api/submit", Fault.RATELIMIT_ERROR);
    RedditException.RateLimited limited = assertThrows(RedditException.RateLimited.class,
        () -> publisher.submit("second", "y", null));
    assertEquals(Duration.ofMinutes(6), limited.retryAfter());
    assertFalse(sandbox.time.sleeps().contains(Duration.ofMinutes(6)), sandbox.time.sleeps().toString());
    assertEquals(0, sandbox.store.countPostsTitled("second"));
    publisher.submit("second", "y", null);
    assertEquals(1, sandbox.store.countPostsTitled("second"));
  }

  @Test
  void waitsForTheQuotaWindowWhenRemainingReachesZero() {
    sandbox.reddit.quota(3, 60);
    SubredditReader reader = alice.reader("SubSimulator");
    for (int i = 0; i < 7; i++) {
      reader.page(ListingSort.HOT, TimeWindow.ALL, null, 5);
    }
    assertFalse(sandbox.time.sleeps().isEmpty());
    assertTrue(sandbox.time.slept().compareTo(Duration.ofSeconds(60)) >= 0, sandbox.time.sleeps().toString());
  }

  @Test
  void givesUpWithoutPostingWhenEveryAttemptFailsBeforeStoring() {
    sandbox.reddit.faults().add("/api/submit", Fault.SERVER_ERROR_BEFORE_STORE, 10);
    RedditException.GaveUp e = assertThrows(RedditException.GaveUp.class, () -> publisher.submit("never", "x", null));
    assertEquals(5, e.attempts());
    assertEquals(0, sandbox.store.countPostsTitled("never"));
  }

  @Test
  void reportsAnApiErrorWithoutRetrying() {
    RedditException.ApiError e = assertThrows(RedditException.ApiError.class,
        () -> publisher.submit("x".repeat(301), "body", null));
    assertEquals("TOO_LONG", e.code());
  }

  @Test
  void refusesACommentOverRedditsTenThousandCharacters() {
    Published post = publisher.submit("Long replies", "body", null);
    publisher.reply(post.fullname(), "x".repeat(10_000));
    RedditException.ApiError e = assertThrows(RedditException.ApiError.class,
        () -> publisher.reply(post.fullname(), "x".repeat(10_001)));
    assertEquals("TOO_LONG", e.code());
    assertEquals(0, sandbox.store.countCommentsWithBody("x".repeat(10_001)));
  }

  @Test
  void getsANewTokenWhenTheOldOneExpired() {
    Published first = publisher.submit("Before the hour", "body", null);
    sandbox.time.sleep(Duration.ofHours(2));
    Published reply = publisher.reply(first.fullname(), "after the hour");
    assertEquals(1, alice.reader("SubSimulator").page(ListingSort.NEW, TimeWindow.ALL, null, 10).posts().size());
    sandbox.time.sleep(Duration.ofHours(2));
    assertEquals(reply, publisher.findRecentComment(first.fullname(), "after the hour").orElseThrow());
    assertEquals(1, sandbox.store.countCommentsWithBody("after the hour"));
  }

  @Test
  void refusesWrongCredentials() {
    RedditAccount wrong = new RedditAccount("alice-app", "alice-secret", "alice_bot", "bad password");
    assertThrows(RedditException.AuthenticationFailed.class, () -> sandbox.connect(wrong));
  }

  @Test
  void findsAnEarlierPostForCrashRecovery() {
    Published post = publisher.submit("Recovered", "body", null);
    assertEquals(post, publisher.findRecentSubmission("Recovered", "body").orElseThrow());
    assertTrue(publisher.findRecentSubmission("Recovered", "other body").isEmpty());
    assertTrue(alice.publisher("elsewhere").findRecentSubmission("Recovered", "body").isEmpty());
  }
}
