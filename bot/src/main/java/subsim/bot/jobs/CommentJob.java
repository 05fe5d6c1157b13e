package subsim.bot.jobs;

import org.quartz.DisallowConcurrentExecution;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/** On the bot's comment schedule: write a comment or reply on a recent post and publish it. */
@DisallowConcurrentExecution
public final class CommentJob extends BotJob {

  @Override
  void run(BotActions actions, BotContext bot) {
    actions.comment(bot);
  }
}
