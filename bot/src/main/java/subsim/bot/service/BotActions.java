package subsim.bot.service;

import java.util.function.BiFunction;
import subsim.bot.config.BotConfig;
import subsim.bot.service.TrainingService.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a bot's jobs do, each one call: train (or load) its model, write and publish a post, or a comment. */
public final class BotActions {

  private static final Logger LOG = LoggerFactory.getLogger(BotActions.class);

  private final TrainingService training;
  private final BiFunction<TrainedModel, BotConfig, TextModel> loader;
  private final PostWriter posts;
  private final CommentWriter comments;
  private final Outbox outbox;

  public BotActions(TrainingService training, BiFunction<TrainedModel, BotConfig, TextModel> loader, PostWriter posts,
      CommentWriter comments, Outbox outbox) {
    this.training = training;
    this.loader = loader;
    this.posts = posts;
    this.comments = comments;
    this.outbox = outbox;
  }

  /** Makes sure the bot writes with a model trained on its current data; trains one when needed. */
  public void train(BotContext bot) {
    if (bot.model().isPresent() && training.isCurrent(bot)) {
      return;
    }
    training.ensureModel(bot).ifPresent(model -> {
      bot.useModel(loader.apply(model, bot.config()));
      LOG.info("{}: writing with model {} ({})", bot.name(), model.name(), model.folder());
    });
  }

  /** Stops a running training at its next step (it checkpoints, and the next start resumes it). */
  public void stopTraining() {
    training.stop();
  }

  /** Settles items a crash left half-published; run once at start, before any new publishing. */
  public void resume(BotContext bot) {
    outbox.reconcile(bot);
  }

  /** Publishes what is due, then writes one post and publishes it. */
  public void post(BotContext bot) {
    if (ready(bot, "post")) {
      outbox.publishDue(bot);
      posts.write(bot);
      outbox.publishDue(bot);
    }
  }

  /** Publishes what is due, then writes one comment or reply and publishes it. */
  public void comment(BotContext bot) {
    if (ready(bot, "comment")) {
      outbox.publishDue(bot);
      comments.write(bot);
      outbox.publishDue(bot);
    }
  }

  public PostWriter posts() {
    return posts;
  }

  private static boolean ready(BotContext bot, String what) {
    if (bot.model().isEmpty()) {
      LOG.info("{}: no model yet, skipping this {}", bot.name(), what);
      return false;
    }
    return true;
  }
}
