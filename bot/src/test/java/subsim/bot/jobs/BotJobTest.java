package subsim.bot.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class BotJobTest {

  @Test
  void postAndCommentFiringsSkipWhileAnotherJobOfTheBotRuns() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    holdInAnotherThread(lock, new CountDownLatch(1));
    assertFalse(new PostJob().acquire(lock));
    assertFalse(new CommentJob().acquire(lock));
  }

  @Test
  void trainingWaitsForARunningJobInsteadOfSkippingTheBotsFirstModel() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    CountDownLatch release = new CountDownLatch(1);
    holdInAnotherThread(lock, release);
    CompletableFuture<Boolean> training = CompletableFuture.supplyAsync(() -> new TrainingJob().acquire(lock));
    Thread.sleep(200);
    assertFalse(training.isDone(), "training neither waited nor skipped");
    release.countDown();
    assertTrue(training.get(10, TimeUnit.SECONDS));
  }

  /** Takes {@code lock} on a thread of its own until {@code release} opens, and returns once it holds it. */
  private static void holdInAnotherThread(ReentrantLock lock, CountDownLatch release) throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      lock.lock();
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    });
    holder.setDaemon(true);
    holder.start();
    held.await();
  }
}
