package subsim.bot.service;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import subsim.bot.config.BotConfig;
import subsim.bot.content.ContentFilter;
import subsim.bot.service.TrainingService.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a bot's jobs do, each one call: train (or load) its model, write and publish a post, or a comment. */
public final class BotActions {

  private static final Logger LOG = LoggerFactory.getLogger(BotActions.class);

  private final TrainingService training;
  private final SourceCollector sources;
  private final BiFunction<BotContext, List<Path>, ContentFilter> filters;
  private final BiFunction<TrainedModel, BotConfig, TextModel> loader;
  private final PostWriter posts;
  private final CommentWriter comments;
  private final Outbox outbox;

  /** @param filters builds a bot's content filter knowing the training data in the given files */
  public BotActions(TrainingService training, SourceCollector sources,
      BiFunction<BotContext, List<Path>, ContentFilter> filters, BiFunction<TrainedModel, BotConfig, TextModel> loader,
      PostWriter posts, CommentWriter comments, Outbox outbox) {
    this.training = training;
    this.sources = sources;
    this.filters = filters;
    this.loader = loader;
    this.posts = posts;
    this.comments = comments;
    this.outbox = outbox;
  }

  /**
   * Collects what is new in the bot's source subreddit (when it has collect settings), then makes sure the bot
   * writes with a model trained on its current data, training one when needed. A bot without any data yet stays
   * without a model until a later check finds some.
   */
  public void train(BotContext bot) {
    List<Path> files = sources.collect(bot);
    if (files.isEmpty()) {
      LOG.info("{}: no training data yet; the next training check tries again", bot.name());
      return;
    }
    if (bot.model().isPresent() && training.isCurrent(bot, files)) {
      return;
    }
    training.ensureModel(bot, files).ifPresent(model -> {
      bot.useFilter(filters.apply(bot, files));
      bot.useModel(loader.apply(model, bot.config()));
      LOG.info("{}: writing with model {} ({})", bot.name(), model.name(), model.folder());
    });
  }

  /**
   * Stops a running collection after its current post and a running training at its next step (it checkpoints);
   * the next start resumes both.
   */
  public void stopTraining() {
    sources.stop();
    training.stop();
  }

  /**
   * Settles items a crash or a failed job left half-published. The training job runs it at start and on every
   * check, holding the bot's lock, so none of the bot's items is being published meanwhile.
   */
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
