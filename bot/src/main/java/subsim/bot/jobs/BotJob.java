package subsim.bot.jobs;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/**
 * What every job of a bot shares: find the bot and the actions, take the bot's lock (skipping this firing when
 * another job of the bot holds it), run, and log a failure without killing the schedule.
 */
abstract class BotJob implements Job {

  private static final Logger LOG = LoggerFactory.getLogger(BotJob.class);
  static final String ACTIONS = "actions";
  static final String BOTS = "bots";
  static final String BOT = "bot";

  @Override
  public final void execute(JobExecutionContext context) throws JobExecutionException {
    BotActions actions;
    BotContext bot;
    try {
      actions = (BotActions) context.getScheduler().getContext().get(ACTIONS);
      @SuppressWarnings("unchecked")
      Map<String, BotContext> bots = (Map<String, BotContext>) context.getScheduler().getContext().get(BOTS);
      bot = bots.get(context.getMergedJobDataMap().getString(BOT));
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
    if (!acquire(bot.lock())) {
      LOG.debug("{}: another job of this bot is running; skipping this {}", bot.name(), getClass().getSimpleName());
      return;
    }
    try {
      run(actions, bot);
    } catch (RuntimeException e) {
      LOG.error("{}: {} failed: {}", bot.name(), getClass().getSimpleName(), e.toString(), e);
    } finally {
      bot.lock().unlock();
    }
  }

  /** Takes the bot's lock; false skips this firing because another job of the bot holds it. */
  boolean acquire(ReentrantLock lock) {
    return lock.tryLock();
  }

  abstract void run(BotActions actions, BotContext bot);
}
