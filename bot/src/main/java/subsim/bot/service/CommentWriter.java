package subsim.bot.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
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
import subsim.db.CommentNode;
import subsim.db.Database;
import subsim.db.Generation;
import subsim.db.ItemKind;
import subsim.db.PostThread;
import subsim.db.PublishState;

/**
 * Writes one comment for a bot on the simulator subreddit's recent posts: a top-level comment or a reply,
 * conditioned on the post and the parent chain. Replies get rarer with depth (each level halves the weight, as
 * SubredditSimulator and ssi-bot thin them out), and a bot never replies to its own comment, so it cannot talk
 * to itself in a loop.
 */
public final class CommentWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CommentWriter.class);
  /** How many recent posts a comment may go under. */
  static final int RECENT_POSTS = 20;

  private final Database db;
  private final DocumentFormat format;
  private final SyntheticLabel label;
  private final ServiceMetrics metrics;
  private final Clock clock;

  public CommentWriter(Database db, DocumentFormat format, SyntheticLabel label, ServiceMetrics metrics, Clock clock) {
    this.db = db;
    this.format = format;
    this.label = label;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Where a new comment goes: under {@code thread}'s post, replying to the last of {@code chain} (empty: top level). */
  record Spot(PostThread thread, List<CommentNode> chain, double weight) {}

  /** Writes and records up to the configured number of attempts; the id of the queued comment, if one passed. */
  public Optional<Long> write(BotContext bot) {
    TextModel model = bot.model().orElseThrow(() -> new IllegalStateException(bot.name() + " has no trained model yet"));
    BotConfig config = bot.config();
    // The per-post limit counts every comment not rejected: ones still queued (Reddit down, rate-limited) too.
    List<PostThread> open = db.threads().findRecent(config.targetSubreddit(), EnumSet.of(PublishState.PUBLISHED),
        RECENT_POSTS).stream()
        .filter(t -> db.comments().countNotRejectedByPost(t.post().id()) < config.limits().commentsPerPost())
        .toList();
    List<Spot> spots = spots(bot, open);
    if (spots.isEmpty()) {
      LOG.info("{}: nothing to comment on", bot.name());
      return Optional.empty();
    }
    Spot spot = pick(spots, bot);
    List<String> parents = spot.chain().stream().map(n -> n.comment().body()).toList();
    Long parentId = spot.chain().isEmpty() ? null : spot.chain().get(spot.chain().size() - 1).comment().id();
    String footer = label.footer(model.name(), config.sourceSubreddit());
    for (int attempt = 1; attempt <= config.generation().maxAttempts(); attempt++) {
      List<String> keywords = bot.keywords().pick(bot.random());
      long seed = bot.random().nextLong();
      String prompt = format.commentPrompt(config.sourceSubreddit(), keywords, spot.thread().post().title(),
          spot.thread().post().body(), parents);
      Continuation out = model.continueText(prompt, seed);
      metrics.generation(bot.name(), out.took(), out.tokens());
      metrics.generated(bot.name(), Kind.COMMENT);
      Decoded decoded = format.decodeComment(prompt + out.text());
      Optional<Rejection> rejection = decoded.malformed().map(r -> new Rejection(Reason.MALFORMED, r))
          .or(() -> ContentFilter.checkLength(SyntheticLabel.attach(decoded.comment(), footer),
              ContentFilter.MAX_COMMENT_LENGTH))
          .or(() -> bot.filter().checkComment(decoded.comment()));
      Generation generation = new Generation(keywords, out.parameters(), seed, model.id(), clock.instant(), out.took().toMillis());
      long commentId = db.comments().insert(spot.thread().post().id(), parentId, bot.botId(), decoded.comment(), footer, generation);
      long publication = db.publications().findByItem(ItemKind.COMMENT, commentId).orElseThrow().id();
      if (rejection.isPresent()) {
        db.publications().reject(publication, rejection.get().toString());
        metrics.rejected(bot.name(), Kind.COMMENT, rejection.get().reason().label());
        LOG.info("{}: comment attempt {} rejected ({})", bot.name(), attempt, rejection.get().reason().label());
        continue;
      }
      db.publications().queue(publication);
      return Optional.of(commentId);
    }
    return Optional.empty();
  }

  /** Every place the bot may comment, weighted: 1 for a top-level comment, halved per level of reply. */
  static List<Spot> spots(BotContext bot, List<PostThread> threads) {
    List<Spot> spots = new ArrayList<>();
    for (PostThread thread : threads) {
      spots.add(new Spot(thread, List.of(), 1.0));
      for (CommentNode top : thread.comments()) {
        addReplies(bot, thread, new ArrayList<>(List.of(top)), spots);
      }
    }
    return spots;
  }

  private static void addReplies(BotContext bot, PostThread thread, List<CommentNode> chain, List<Spot> spots) {
    CommentNode last = chain.get(chain.size() - 1);
    int depth = chain.size(); // the new reply's depth
    if (depth > bot.config().limits().replyDepth()) {
      return;
    }
    if (last.comment().botId() != bot.botId()) {
      spots.add(new Spot(thread, List.copyOf(chain), Math.pow(0.5, depth)));
    }
    for (CommentNode reply : last.replies()) {
      chain.add(reply);
      addReplies(bot, thread, chain, spots);
      chain.remove(chain.size() - 1);
    }
  }

  private static Spot pick(List<Spot> spots, BotContext bot) {
    double total = spots.stream().mapToDouble(Spot::weight).sum();
    double point = bot.random().nextDouble() * total;
    for (Spot spot : spots) {
      point -= spot.weight();
      if (point < 0) {
        return spot;
      }
    }
    return spots.get(spots.size() - 1);
  }
}
