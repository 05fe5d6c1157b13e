package subsim.bot.service;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import subsim.bot.config.BotConfig;
import subsim.bot.content.ContentFilter;
import subsim.bot.reddit.RedditPublisher;
import subsim.bot.reddit.SubredditReader;

/**
 * One running bot: its configuration, its row id, its model (once trained), filters, keywords, publisher, the reader
 * of its source subreddit, and the lock that keeps two of its jobs from running at once.
 */
public final class BotContext {

  private final BotConfig config;
  private final long botId;
  private final AtomicReference<ContentFilter> filter;
  private final KeywordSource keywords;
  private final RedditPublisher publisher;
  private final SubredditReader source;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicReference<TextModel> model = new AtomicReference<>();
  private final Random random;

  public BotContext(BotConfig config, long botId, ContentFilter filter, KeywordSource keywords,
      RedditPublisher publisher, SubredditReader source, long seed) {
    this.config = config;
    this.botId = botId;
    this.filter = new AtomicReference<>(filter);
    this.keywords = keywords;
    this.publisher = publisher;
    this.source = source;
    this.random = new Random(seed);
  }

  public BotConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public long botId() {
    return botId;
  }

  public ContentFilter filter() {
    return filter.get();
  }

  /** Swaps in a filter that knows the bot's current training data (for the near-copy check). */
  public void useFilter(ContentFilter next) {
    filter.set(next);
  }

  public KeywordSource keywords() {
    return keywords;
  }

  public RedditPublisher publisher() {
    return publisher;
  }

  /** Reads the bot's source subreddit through the bot's own Reddit session, for {@code data.collect}. */
  public SubredditReader source() {
    return source;
  }

  /** Held by whichever job of this bot runs now. */
  public ReentrantLock lock() {
    return lock;
  }

  /** The random source of this bot's choices; use under {@link #lock()}. */
  public Random random() {
    return random;
  }

  /** The model to write with, once one is trained or loaded. */
  public Optional<TextModel> model() {
    return Optional.ofNullable(model.get());
  }

  /** Swaps in a new model and closes the previous one. */
  public void useModel(TextModel next) {
    TextModel previous = model.getAndSet(next);
    if (previous != null && previous != next) {
      previous.close();
    }
  }
}
