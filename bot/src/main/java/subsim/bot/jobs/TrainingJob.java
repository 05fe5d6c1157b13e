package subsim.bot.jobs;

import java.util.concurrent.locks.ReentrantLock;
import org.quartz.DisallowConcurrentExecution;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/**
 * At start and then periodically: collect what is new in the bot's source subreddit (with {@code data.collect}),
 * train the bot's model if missing or stale, and settle half-published items.
 */
@DisallowConcurrentExecution
public final class TrainingJob extends BotJob {

  /**
   * Waits for a post or comment job of the bot instead of skipping: a skipped start would leave the bot without a
   * model, and half-published items unsettled, until the next check {@value BotScheduler#TRAINING_CHECK_MINUTES}
   * minutes later.
   */
  @Override
  boolean acquire(ReentrantLock lock) {
    lock.lock();
    return true;
  }

  @Override
  void run(BotActions actions, BotContext bot) {
    actions.train(bot);
    actions.resume(bot);
  }
}
