package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.collect.CollectOptions;
import subsim.bot.collect.Collector;
import subsim.bot.config.BotConfig;
import subsim.bot.config.BotConfig.CollectConfig;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.TimeWindow;

/**
 * A bot's training data: its configured files and, for a bot with {@code data.collect} settings, what the service
 * collects from its source subreddit (through the bot's own Reddit session) into
 * {@code <dataDir>/<bot>/<Subreddit>.jsonl} and {@code <Subreddit>.comments.jsonl}.
 */
public final class SourceCollector {

  private static final Logger LOG = LoggerFactory.getLogger(SourceCollector.class);
  /** Reddit's largest listing page. */
  private static final int PAGE_SIZE = 100;

  private final Path dataDir;
  private final Set<String> botAccounts;
  private final boolean sandbox;
  private volatile boolean stopped;

  /**
   * @param botAccounts the Reddit accounts of all configured bots: their posts and comments are never collected, so
   *     that no bot trains on the simulator's output
   * @param sandbox whether the bots read the sandbox Reddit, which holds only what was seeded into it
   */
  public SourceCollector(Path dataDir, Set<String> botAccounts, boolean sandbox) {
    this.dataDir = dataDir;
    this.botAccounts = Set.copyOf(botAccounts);
    this.sandbox = sandbox;
  }

  /**
   * Collects what is new in the bot's source subreddit (when it has collect settings) and returns its training files.
   * A failed collection (Reddit down) is logged in one line and the data already there is used: the files only
   * ever grow by whole records, and the next call resumes where this one stopped.
   */
  public List<Path> collect(BotContext bot) {
    bot.config().data().collect().ifPresent(settings -> {
      try {
        run(bot, settings);
      } catch (RuntimeException e) {
        LOG.warn("{}: collecting r/{} failed, training on the data already there: {}", bot.name(),
            bot.config().sourceSubreddit(), oneLine(e));
      }
    });
    return files(bot.config());
  }

  /** The bot's training files as they are now: the configured ones, then the collected ones that hold data. */
  public List<Path> files(BotConfig bot) {
    List<Path> files = new ArrayList<>(bot.data().files());
    if (bot.data().collect().isPresent()) {
      Path posts = postsFile(bot);
      for (Path collected : List.of(posts, CollectOptions.sibling(posts, ".comments.jsonl"))) {
        if (hasData(collected)) {
          files.add(collected);
        }
      }
    }
    return files;
  }

  /** Ends running collections after their current post; later ones do not start. */
  public void stop() {
    stopped = true;
  }

  private void run(BotContext bot, CollectConfig settings) {
    if (stopped) {
      return;
    }
    BotConfig config = bot.config();
    Path posts = postsFile(config);
    CollectOptions options = new CollectOptions(config.sourceSubreddit(), posts,
        CollectOptions.sibling(posts, ".comments.jsonl"), CollectOptions.sibling(posts, ".collect-state"),
        ListingSort.valueOf(settings.sort().toUpperCase(Locale.ROOT)),
        TimeWindow.valueOf(settings.time().toUpperCase(Locale.ROOT)), settings.limit(), settings.commentsPerPost(),
        null, false, botAccounts, PAGE_SIZE);
    Collector.Result result = new Collector(bot.source(), options, line -> LOG.info("{}: {}", bot.name(), line),
        () -> stopped).run();
    LOG.info("{}: collected {} new posts and {} comments from r/{}{}", bot.name(), result.posts(), result.comments(),
        config.sourceSubreddit(), result.listingFinished() ? "" : " (stopped before the end of the listing; the next "
            + "training check goes on from there)");
    if (sandbox && !hasData(posts)) {
      LOG.warn("{}: r/{} has no posts in the sandbox Reddit, which holds only what is seeded into it: list its "
          + "posts in reddit.sandbox_seed, give the bot data.files, or use reddit mode: live", bot.name(), config.sourceSubreddit());
    }
  }

  private Path postsFile(BotConfig bot) {
    return dataDir.resolve(bot.name()).resolve(bot.sourceSubreddit() + ".jsonl");
  }

  private static boolean hasData(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String oneLine(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ");
  }
}
