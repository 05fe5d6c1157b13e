package subsim.bot.jobs;

import org.quartz.DisallowConcurrentExecution;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/** On the bot's post schedule: write a post (keywords, generation, filters, label, record) and publish it. */
@DisallowConcurrentExecution
public final class PostJob extends BotJob {

  @Override
  void run(BotActions actions, BotContext bot) {
    actions.post(bot);
  }
}
