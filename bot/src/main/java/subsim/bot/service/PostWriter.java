package subsim.bot.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.bot.content.ContentFilter;
import subsim.bot.content.Rejection;
import subsim.bot.content.Rejection.Reason;
import subsim.bot.content.SyntheticLabel;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.metrics.ServiceMetrics.Kind;
import subsim.bot.service.DocumentFormat.Decoded;
import subsim.bot.service.TextModel.Continuation;
import subsim.db.Database;
import subsim.db.Generation;
import subsim.db.ItemKind;

/**
 * Writes one post for a bot: keywords, prompt, generation, decoding, filters; every attempt is recorded, the
 * rejected ones as {@code REJECTED} with their reason, the accepted one as {@code QUEUED} for the outbox.
 */
public final class PostWriter {

  private static final Logger LOG = LoggerFactory.getLogger(PostWriter.class);

  private final Database db;
  private final DocumentFormat format;
  private final SyntheticLabel label;
  private final ServiceMetrics metrics;
  private final Clock clock;

  public PostWriter(Database db, DocumentFormat format, SyntheticLabel label, ServiceMetrics metrics, Clock clock) {
    this.db = db;
    this.format = format;
    this.label = label;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A post generated for a preview, with the filters' verdict; never recorded. */
  public record Draft(String title, String body, List<String> keywords, Optional<Rejection> rejection) {}

  /** Generates one post without recording it: for {@code subsim post --dry-run}. */
  public Draft preview(BotContext bot) {
    TextModel model = bot.model().orElseThrow(() -> new IllegalStateException(bot.name() + " has no trained model yet"));
    List<String> keywords = bot.keywords().pick(bot.random());
    String prompt = format.postPrompt(bot.config().sourceSubreddit(), keywords);
    Continuation out = model.continueText(prompt, bot.random().nextLong());
    Decoded decoded = format.decodePost(prompt + out.text());
    Optional<Rejection> rejection = decoded.malformed().map(r -> new Rejection(Reason.MALFORMED, r))
        .or(() -> bot.filter().checkPost(decoded.title(), decoded.body()));
    return new Draft(decoded.title(), decoded.body(), keywords, rejection);
  }

  /** Writes and records up to the configured number of attempts; the id of the queued post, if one passed. */
  public Optional<Long> write(BotContext bot) {
    TextModel model = bot.model().orElseThrow(() -> new IllegalStateException(bot.name() + " has no trained model yet"));
    BotConfig config = bot.config();
    if (postsToday(bot) >= config.limits().postsPerDay()) {
      LOG.info("{}: {} posts in the last day, the limit; not posting", bot.name(), config.limits().postsPerDay());
      return Optional.empty();
    }
    String footer = label.footer(model.name(), config.sourceSubreddit());
    for (int attempt = 1; attempt <= config.generation().maxAttempts(); attempt++) {
      List<String> keywords = bot.keywords().pick(bot.random());
      long seed = bot.random().nextLong();
      String prompt = format.postPrompt(config.sourceSubreddit(), keywords);
      Continuation out = model.continueText(prompt, seed);
      metrics.generation(bot.name(), out.took(), out.tokens());
      metrics.generated(bot.name(), Kind.POST);
      Decoded decoded = format.decodePost(prompt + out.text());
      // Length before the filter, whose passing takes the title for the duplicate check.
      Optional<Rejection> rejection = decoded.malformed().map(r -> new Rejection(Reason.MALFORMED, r))
          .or(() -> ContentFilter.checkLength(SyntheticLabel.attach(decoded.body(), footer),
              ContentFilter.MAX_SELF_TEXT_LENGTH))
          .or(() -> bot.filter().checkPost(decoded.title(), decoded.body()));
      Generation generation = new Generation(keywords, out.parameters(), seed, model.id(), clock.instant(), out.took().toMillis());
      long postId = db.posts().insert(bot.botId(), config.targetSubreddit(), decoded.title(), decoded.body(), footer, generation);
      long publication = db.publications().findByItem(ItemKind.POST, postId).orElseThrow().id();
      if (rejection.isPresent()) {
        db.publications().reject(publication, rejection.get().toString());
        metrics.rejected(bot.name(), Kind.POST, rejection.get().reason().label());
        LOG.info("{}: post attempt {} rejected ({})", bot.name(), attempt, rejection.get().reason().label());
        continue;
      }
      db.publications().queue(publication);
      return Optional.of(postId);
    }
    LOG.warn("{}: every one of {} post attempts was rejected", bot.name(), config.generation().maxAttempts());
    return Optional.empty();
  }

  /** Posts of the bot in the last 24 hours that were not rejected, however many drafts were. */
  private long postsToday(BotContext bot) {
    return db.posts().countNotRejectedSince(bot.botId(), clock.instant().minus(Duration.ofDays(1)));
  }
}
