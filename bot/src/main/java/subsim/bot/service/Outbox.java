package subsim.bot.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.content.SyntheticLabel;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.metrics.ServiceMetrics.Kind;
import subsim.bot.reddit.Backoff;
import subsim.bot.reddit.Flair;
import subsim.bot.reddit.Published;
import subsim.bot.reddit.RedditException;
import subsim.bot.reddit.RedditPublisher;
import subsim.db.CommentRow;
import subsim.db.Database;
import subsim.db.IllegalTransitionException;
import subsim.db.ItemKind;
import subsim.db.PostRow;
import subsim.db.PublicationRow;

/**
 * Publishes a bot's queued items through its {@link RedditPublisher}, following the store's state machine so that
 * nothing is posted twice: an item is claimed ({@code PUBLISHING}) before it is sent, and any item whose outcome
 * is unknown (a retry, or one left {@code PUBLISHING} by a crash) is looked up on Reddit before it is sent again.
 * The synthetic label is attached here, to every item, on its way out.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  /** Waits before retrying after a server error or lost connection: a minute, doubling to an hour. */
  static final Backoff RETRY = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));
  /** Tries of one item before it stays FAILED for good: about a day of waits, at the longest. */
  static final int MOST_ATTEMPTS = 30;

  private final Database db;
  private final ServiceMetrics metrics;
  private final Clock clock;

  public Outbox(Database db, ServiceMetrics metrics, Clock clock) {
    this.db = db;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Publishes the bot's due items, oldest first; returns how many were published. */
  public int publishDue(BotContext bot) {
    int published = 0;
    for (PublicationRow item : db.publications().findDue(bot.botId(), clock.instant(), 500)) {
      Outcome outcome = publish(bot, item);
      if (outcome == Outcome.PUBLISHED) {
        published++;
      } else if (outcome == Outcome.RATE_LIMITED) {
        break; // Reddit asked this account to wait: the rest of the round would be refused too
      }
    }
    return published;
  }

  /**
   * After a restart or a job that failed midway: each of the bot's items left {@code PUBLISHING} is looked up on
   * Reddit, then settled; items left {@code GENERATED} (recorded, but the failure came before their filters'
   * verdict) are rejected as such. Only while no job of the bot publishes or writes, i.e. under its lock.
   */
  public void reconcile(BotContext bot) {
    for (PublicationRow item : db.publications().findGenerated(bot.botId())) {
      db.publications().reject(item.id(), "interrupted before its filters' verdict was recorded");
      LOG.info("{}: {} was interrupted before filtering; rejected", bot.name(), item.key());
    }
    for (PublicationRow item : db.publications().findPublishing()) {
      if (item.botId() != bot.botId()) {
        continue;
      }
      Optional<Text> text = text(item);
      Optional<Published> found = text.flatMap(t -> lookUp(bot.publisher(), item, t));
      if (found.isPresent()) {
        db.publications().markPublished(item.id(), found.get().fullname(), found.get().url(), clock.instant());
        LOG.info("{}: {} was published before the restart as {}", bot.name(), item.key(), found.get().fullname());
      } else {
        db.publications().markFailed(item.id(), "interrupted while publishing; not found on Reddit", clock.instant());
      }
    }
  }

  /** What goes to Reddit: the title (posts), the labelled body, and the parent's fullname (comments). */
  private record Text(String title, String body, String parent) {}

  /** What became of one item in a round. */
  private enum Outcome { PUBLISHED, LEFT, RATE_LIMITED }

  private Outcome publish(BotContext bot, PublicationRow item) {
    Optional<Text> text = text(item);
    if (text.isEmpty()) {
      return Outcome.LEFT; // a reply whose parent is not on Reddit yet: it waits for the next round
    }
    PublicationRow claimed;
    try {
      claimed = db.publications().claim(item.id());
    } catch (IllegalTransitionException e) {
      return Outcome.LEFT; // the bot's other job claimed it first and publishes it
    }
    // Any earlier attempt may have reached Reddit (a timeout, a lost answer): look before sending again.
    boolean outcomeUnknown = claimed.attempts() > 0;
    Kind kind = item.kind() == ItemKind.POST ? Kind.POST : Kind.COMMENT;
    try {
      Optional<Published> earlier = outcomeUnknown ? lookUp(bot.publisher(), item, text.get()) : Optional.empty();
      Published published = earlier.orElseGet(() -> send(bot, item, text.get()));
      metrics.redditCall(kind == Kind.POST ? "submit" : "comment", 200);
      db.publications().markPublished(item.id(), published.fullname(), published.url(), clock.instant());
      metrics.published(bot.name(), kind);
      LOG.info("{}: published {} as {}", bot.name(), item.key(), published.url());
      return Outcome.PUBLISHED;
    } catch (RedditException e) {
      metrics.redditCall(kind == Kind.POST ? "submit" : "comment", status(e));
      metrics.failed(bot.name(), kind);
      Duration asked = e instanceof RedditException.RateLimited limited ? limited.retryAfter() : null;
      Instant retryAt = waitBeforeRetry(claimed.attempts() + 1, e.transientFailure(), asked)
          .map(clock.instant()::plus).orElse(null);
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (asked != null) {
        db.publications().markRefused(item.id(), error, retryAt);
      } else {
        db.publications().markFailed(item.id(), error, retryAt);
      }
      LOG.warn("{}: publishing {} failed: {}", bot.name(), item.key(), e.getMessage());
      return asked != null ? Outcome.RATE_LIMITED : Outcome.LEFT;
    }
  }

  private Published send(BotContext bot, PublicationRow item, Text text) {
    return item.kind() == ItemKind.POST
        ? bot.publisher().submit(text.title(), text.body(),
            bot.config().flairId().map(id -> new Flair(bot.config().flair(), id)).orElse(null))
        : bot.publisher().reply(text.parent(), text.body());
  }

  private static Optional<Published> lookUp(RedditPublisher publisher, PublicationRow item, Text text) {
    return item.kind() == ItemKind.POST
        ? publisher.findRecentSubmission(text.title(), text.body())
        : publisher.findRecentComment(text.parent(), text.body());
  }

  private Optional<Text> text(PublicationRow item) {
    if (item.kind() == ItemKind.POST) {
      PostRow post = db.posts().findById(item.itemId()).orElseThrow();
      return Optional.of(new Text(post.title(), SyntheticLabel.attach(post.body(), post.label()), null));
    }
    CommentRow comment = db.comments().findById(item.itemId()).orElseThrow();
    Optional<PublicationRow> parent = comment.parentId() == null
        ? db.publications().findByItem(ItemKind.POST, comment.postId())
        : db.publications().findByItem(ItemKind.COMMENT, comment.parentId());
    return parent.map(PublicationRow::fullname)
        .map(fullname -> new Text(null, SyntheticLabel.attach(comment.body(), comment.label()), fullname));
  }

  /**
   * How long to wait before trying an item again after its {@code attempts}-th try failed; empty: never (a
   * lasting refusal, or {@link #MOST_ATTEMPTS} tries). A rate limit's wait is Reddit's, and does not count
   * against the tries: a new account is told to wait minutes between posts for days. Other passing failures wait
   * a minute, doubling to at most an hour.
   */
  static Optional<Duration> waitBeforeRetry(int attempts, boolean transientFailure, Duration askedByReddit) {
    if (askedByReddit != null) {
      return Optional.of(askedByReddit);
    }
    if (!transientFailure || attempts >= MOST_ATTEMPTS) {
      return Optional.empty();
    }
    return Optional.of(RETRY.after(attempts));
  }

  private static int status(RedditException e) {
    if (e instanceof RedditException.RateLimited) {
      return 429;
    } else if (e instanceof RedditException.ServerError server) {
      return server.status();
    } else if (e instanceof RedditException.AuthenticationFailed) {
      return 401;
    } else if (e instanceof RedditException.ApiError) {
      return 400;
    }
    return 0;
  }
}
