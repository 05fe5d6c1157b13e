package subsim.bot.service;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.bot.config.BotConfig.AccountConfig;
import subsim.bot.config.BotConfig.KeywordConfig.Source;
import subsim.bot.config.SubsimConfig;
import subsim.bot.config.SubsimConfig.RedditConfig;
import subsim.bot.content.ContentFilter;
import subsim.bot.content.SyntheticLabel;
import subsim.bot.jobs.BotScheduler;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.reddit.RedditAccount;
import subsim.bot.reddit.RedditClientOptions;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.Timekeeper;
import subsim.bot.sandbox.SandboxAccount;
import subsim.bot.sandbox.SandboxReddit;
import subsim.bot.sandbox.SandboxSeeder;
import subsim.bot.web.WebServer;
import subsim.db.Database;
import subsim.db.PostRow;
import subsim.db.sandbox.SandboxStore;

/** The always-on service: store, Reddit (live or the local sandbox), bots, scheduler and web pages, wired once. */
public final class SubsimService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubsimService.class);

  /** The author of seeded posts and comments: a name no bot account has, so collection keeps what it wrote. */
  static final String SEED_AUTHOR = "sandbox-seed";

  /**
   * The parts that come from the keywords module: the training format, the corpus encoder, and keyword sources
   * for bots whose keywords are sampled from their subreddit.
   */
  public record Parts(DocumentFormat format, CorpusEncoder encoder, Function<BotConfig, KeywordSource> sampledKeywords) {}

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Database db;
  private final SandboxReddit sandbox;
  private final BotScheduler scheduler;
  private final WebServer web;
  private final List<BotContext> bots;
  private final SourceCollector sources;
  private final BotActions actions;

  private SubsimService(SubsimConfig config, Parts parts, Clock clock, Timekeeper redditTime, TrainingDisplay display) {
    try {
      ServiceMetrics metrics = config.metrics() ? ServiceMetrics.prometheus() : ServiceMetrics.inMemory();
      open(ServiceLock.onDatabase(config.database()));
      open(ServiceLock.onModels(config.modelsDir()));
      db = open(Database.open(config.database()));
      RedditConfig reddit = config.reddit();
      RedditEndpoints endpoints;
      if (reddit.mode() == RedditConfig.Mode.SANDBOX) {
        SandboxStore store = SandboxStore.open(config.database().resolveSibling("sandbox-reddit.db"));
        open(store.database());
        sandbox = open(SandboxReddit.start(store, sandboxAccounts(config), reddit.sandboxPort()));
        seed(store, reddit.sandboxSeed());
        endpoints = RedditEndpoints.sandbox(sandbox.baseUrl());
        LOG.info("sandbox Reddit at {}", sandbox.baseUrl());
      } else {
        sandbox = null;
        endpoints = RedditEndpoints.live(reddit.oauthUrl(), reddit.redditUrl());
      }
      RedditClientOptions options = clientOptions(reddit.userAgent()).withTime(redditTime).withMeters(metrics.registry());
      sources = new SourceCollector(config.dataDir(),
          config.bots().stream().map(b -> b.account().username()).collect(Collectors.toSet()),
          reddit.mode() == RedditConfig.Mode.SANDBOX);
      bots = new ArrayList<>();
      for (BotConfig bot : config.bots()) {
        bots.add(context(bot, parts, endpoints, options));
      }
      SyntheticLabel label = new SyntheticLabel(config.label());
      TrainingService training = new TrainingService(db, config.modelsDir(), parts.encoder(), metrics, display);
      training.settleInterrupted();
      actions = new BotActions(training, sources,
          (bot, files) -> filter(bot.config(), bot.botId(), files),
          (model, bot) -> Gpt2TextModel.load(model.folder(), model.id(), model.name(), bot.generation()),
          new PostWriter(db, parts.format(), label, metrics, clock),
          new CommentWriter(db, parts.format(), label, metrics, clock),
          new Outbox(db, metrics, clock));
      scheduler = open(new BotScheduler(bots, actions));
      web = open(new WebServer(config, db, metrics, scheduler::upcoming, scheduler::isRunning, clock));
      // Closed first: a training in progress checkpoints and ends, so the scheduler's wait for running jobs is short.
      open(actions::stopTraining);
    } catch (RuntimeException | Error e) {
      // The caller gets no service to close: what this constructor opened is closed here.
      closeOpened();
      throw e;
    }
  }

  /**
   * Opens everything and starts the web pages and the schedule; on failure, closes what it opened. Training runs
   * are shown on {@code display}.
   */
  public static SubsimService start(SubsimConfig config, Parts parts, Clock clock, TrainingDisplay display) {
    return start(config, parts, clock, Timekeeper.system(), display);
  }

  /**
   * As {@link #start(SubsimConfig, Parts, Clock, TrainingDisplay)}, with the Reddit clients waiting (Retry-After,
   * RATELIMIT, backoff, pacing) on {@code redditTime}: tests pass one whose waits take no real time.
   */
  static SubsimService start(SubsimConfig config, Parts parts, Clock clock, Timekeeper redditTime,
      TrainingDisplay display) {
    SubsimService service = null;
    try {
      service = new SubsimService(config, parts, clock, redditTime, display);
      service.web.start();
      service.scheduler.start();
      LOG.info("subsim is up: open http://{}:{}/", config.web().host(), service.web.port());
      return service;
    } catch (RuntimeException e) {
      if (service != null) {
        service.close();
      }
      throw e;
    }
  }

  private BotContext context(BotConfig bot, Parts parts, RedditEndpoints endpoints, RedditClientOptions options) {
    AccountConfig account = bot.account();
    long botId = db.bots().upsert(bot.name(), bot.sourceSubreddit(), bot.targetSubreddit(), account.username());
    RedditSession session = open(RedditSession.connect(new RedditAccount(account.clientId().reveal(),
        account.clientSecret().reveal(), account.username(), account.password().reveal()), endpoints, options));
    ContentFilter filter = filter(bot, botId, sources.files(bot));
    KeywordSource keywords = bot.keywords().source() == Source.FIXED
        ? KeywordSource.fixed(bot.keywords().fixed(), bot.keywords().count())
        : parts.sampledKeywords().apply(bot);
    return new BotContext(bot, botId, filter, keywords, session.publisher(bot.targetSubreddit()),
        session.reader(bot.sourceSubreddit()), System.nanoTime());
  }

  /** The bot's content filter: near-copies of the texts in {@code files}, duplicates of its earlier titles. */
  private ContentFilter filter(BotConfig bot, long botId, List<Path> files) {
    List<String> earlier = db.posts().findRecentByBot(botId, 10_000).stream().map(PostRow::title).toList();
    return new ContentFilter(bot.filters(), TrainingTexts.read(files), earlier);
  }

  /**
   * Puts the configured posts and comments into the sandbox before any job reads it, as someone who is none of the
   * bots, so collection keeps them; ids stored by an earlier start are skipped.
   */
  private static void seed(SandboxStore store, List<Path> files) {
    SandboxSeeder seeder = new SandboxSeeder(store, SEED_AUTHOR);
    for (Path file : files) {
      SandboxSeeder.Seeded seeded = seeder.seed(file);
      LOG.info("sandbox seeded from {}: {} new posts, {} new comments", file, seeded.posts(), seeded.comments());
    }
  }

  private static List<SandboxAccount> sandboxAccounts(SubsimConfig config) {
    return config.bots().stream().map(BotConfig::account).map(a -> new SandboxAccount(a.username(),
        a.password().reveal(), a.clientId().reveal(), a.clientSecret().reveal())).toList();
  }

  /** The app id and version from a User-Agent in Reddit's {@code platform:app:version (by /u/name)} form. */
  static RedditClientOptions clientOptions(String userAgent) {
    RedditClientOptions defaults = RedditClientOptions.defaults();
    String[] parts = userAgent.split(" ")[0].split(":");
    if (parts.length < 3) {
      return defaults;
    }
    return new RedditClientOptions(parts[1], parts[2], defaults.requestsPerMinute(), defaults.maxAttempts(),
        defaults.firstBackoff(), defaults.time());
  }

  public int webPort() {
    return web.port();
  }

  /** The sandbox's address, in sandbox mode. */
  public String sandboxUrl() {
    return sandbox == null ? null : sandbox.baseUrl();
  }

  /** The sandbox Reddit, in sandbox mode (tests queue faults on it); null in live mode. */
  public SandboxReddit sandbox() {
    return sandbox;
  }

  public Database database() {
    return db;
  }

  public List<BotContext> bots() {
    return List.copyOf(bots);
  }

  /** What the bots' jobs call; tests run a training check through it instead of waiting for the schedule. */
  BotActions actions() {
    return actions;
  }

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Stops the schedule (running jobs finish first), then closes everything in reverse order. */
  @Override
  public void close() {
    LOG.info("subsim is stopping: running jobs finish first");
    closeOpened();
    bots.forEach(b -> b.model().ifPresent(TextModel::close));
    LOG.info("subsim stopped");
  }

  /** Closes what was opened, newest first. */
  private void closeOpened() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", opened.get(i).getClass().getSimpleName(), e.toString());
      }
    }
  }
}
