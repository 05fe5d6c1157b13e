package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduler threads writing while web threads read, all on one store: nothing fails, nothing is lost. */
class ConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int POSTS_PER_WRITER = 15;

  @TempDir Path dir;

  @Test
  void aWriteThatFailsHasSavedNothingAndOneThatReturnsHasSavedEverything() throws Exception {
    int threads = 8;
    int writesPerThread = 150;
    Set<String> failed = ConcurrentHashMap.newKeySet();
    Set<String> saved = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    // A 5 ms busy timeout makes writers give up under contention, as a 30 s one would under a long stall.
    try (Database db = Database.open(dir.resolve("busy.db"), java.time.Clock.systemUTC(), 5)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < writesPerThread; i++) {
            String name = "bot-" + thread + "-" + i;
            try {
              Fixtures.bot(db, name);
              saved.add(name);
            } catch (DatabaseException e) {
              failed.add(name);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();
      Set<String> present = Set.copyOf(db.bots().findAll().stream().map(BotRow::name).toList());
      assertEquals(threads * writesPerThread, failed.size() + saved.size());
      Set<String> returnedButMissing = new TreeSet<>(saved);
      returnedButMissing.removeAll(present);
      Set<String> threwButSaved = new TreeSet<>(failed);
      threwButSaved.retainAll(present);
      assertEquals(Set.of(), returnedButMissing, "writes that returned but are not in the file");
      assertEquals(Set.of(), threwButSaved, "writes that threw but are in the file, of " + failed.size());
    }
  }

  @Test
  void writersAndReadersShareTheStoreWithoutBusyErrors() throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(guarded(failures, () -> {
          start.await();
          for (int i = 0; i < POSTS_PER_WRITER; i++) {
            publishPostWithReply(db, bot, "writer " + writer + " post " + i);
          }
          return null;
        })));
      }
      for (int r = 0; r < READERS; r++) {
        pool.submit(guarded(failures, () -> {
          start.await();
          while (writing.get()) {
            db.threads().findRecent("SubSimulatorTest", EnumSet.allOf(PublishState.class), 20);
            db.publications().countByState();
            db.publications().findDue(bot, Instant.now(), 10);
            reads.incrementAndGet();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      pool.shutdown();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));

      assertEquals(List.of(), failures.stream().map(Throwable::toString).toList());
      assertTrue(reads.get() > 0, "readers ran");
      long total = WRITERS * POSTS_PER_WRITER;
      assertEquals(total, db.tableCounts().get("posts"));
      assertEquals(total, db.publications().countByState().get(PublishState.PUBLISHED) / 2);
      List<PostThread> threads = db.threads().findRecent("SubSimulatorTest", Set.of(PublishState.PUBLISHED), 1000);
      assertEquals(total, threads.size());
      assertTrue(threads.stream().allMatch(t -> t.commentCount() == 1));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void racingPublishersClaimEachItemExactlyOnce() throws Exception {
    int items = 20;
    int publishers = 4;
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long bot = Fixtures.bot(db, "rust");
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        long id = db.publications().findByItem(ItemKind.POST, Fixtures.post(db, bot, "p" + i)).orElseThrow().id();
        db.publications().queue(id);
        ids.add(id);
      }
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger claimed = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(publishers);
      for (int p = 0; p < publishers; p++) {
        pool.submit(guarded(failures, () -> {
          start.await();
          for (long id : ids) {
            try {
              db.publications().claim(id);
              claimed.incrementAndGet();
            } catch (IllegalTransitionException e) {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES));

      assertEquals(List.of(), failures.stream().map(Throwable::toString).toList());
      assertEquals(items, claimed.get());
      assertEquals(items * (publishers - 1), refused.get());
      for (long id : ids) {
        assertEquals(1, db.publications().findHistory(id).stream().filter(c -> c.to() == PublishState.PUBLISHING)
            .count());
        assertEquals(1, db.publications().findById(id).orElseThrow().attempts());
      }
    }
  }

  private static void publishPostWithReply(Database db, long bot, String title) {
    long post = Fixtures.post(db, bot, title);
    long comment = db.comments().insert(post, null, bot, "reply to " + title, "[synthetic]", Fixtures.generation(2));
    for (long id : List.of(db.publications().findByItem(ItemKind.POST, post).orElseThrow().id(),
        db.publications().findByItem(ItemKind.COMMENT, comment).orElseThrow().id())) {
      db.publications().queue(id);
      db.publications().claim(id);
      db.publications().markPublished(id, "t3_" + id, "https://reddit.test/" + id, Instant.now());
    }
  }

  private static java.util.concurrent.Callable<Void> guarded(Queue<Throwable> failures,
      java.util.concurrent.Callable<Void> work) {
    return () -> {
      try {
        return work.call();
      } catch (Throwable t) {
        failures.add(t);
        return null;
      }
    };
  }
}
