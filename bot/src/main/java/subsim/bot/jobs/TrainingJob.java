package subsim.bot.jobs;

import org.quartz.DisallowConcurrentExecution;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/** At start and then periodically: settle half-published items, and train the bot's model if missing or stale. */
@DisallowConcurrentExecution
public final class TrainingJob extends BotJob {

  @Override
  void run(BotActions actions, BotContext bot) {
    actions.train(bot);
    actions.resume(bot);
  }
}
