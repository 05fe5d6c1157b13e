package subsim.bot.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.bot.config.SubsimConfig;
import subsim.bot.jobs.NextFire;
import subsim.bot.metrics.ServiceMetrics;
import subsim.db.BotRow;
import subsim.db.Database;
import subsim.db.PublishState;

/** The service's web pages: the simulator subreddit as old Reddit shows it, a status page, metrics and health. */
public final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  /** Readers see what Reddit shows: published items only. */
  private static final Set<PublishState> SHOWN = EnumSet.of(PublishState.PUBLISHED);
  private static final int FRONT_PAGE_SIZE = 50;

  private final SubsimConfig config;
  private final Database db;
  private final ServiceMetrics metrics;
  private final Supplier<List<NextFire>> fires;
  private final BooleanSupplier running;
  private final Clock clock;
  private final Templates templates = new Templates();
  private final Javalin app;

  /**
   * @param fires the scheduler's next fire times, for the status page
   * @param running whether the scheduler is up, for {@code /health}
   */
  public WebServer(SubsimConfig config, Database db, ServiceMetrics metrics, Supplier<List<NextFire>> fires,
      BooleanSupplier running, Clock clock) {
    this.config = config;
    this.db = db;
    this.metrics = metrics;
    this.fires = fires;
    this.running = running;
    this.clock = clock;
    this.app = Javalin.create(c -> c.showJavalinBanner = false)
        .get("/", this::frontPage)
        .get("/r/{subreddit}", this::frontPage)
        .get("/r/{subreddit}/comments/{id}", this::thread)
        .get("/status", this::status)
        .get("/metrics", this::metrics)
        .get("/health", this::health)
        .exception(NumberFormatException.class, (e, ctx) -> notFound(ctx))
        .exception(NotFoundResponse.class, (e, ctx) -> notFound(ctx))
        .exception(Exception.class, this::failure);
  }

  /** Starts listening; port 0 picks a free port (see {@link #port()}). */
  public WebServer start() {
    app.start(config.web().host(), config.web().port());
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The largest {@code count} a page link may carry: ranks past it would overflow, and no listing is that long. */
  static final int MAX_COUNT = 1_000_000_000;

  /**
   * A page of the listing, newest first; as on old Reddit, {@code ?count=N&after=ID} is the page after the post
   * {@code ID}, with {@code N} posts above it, so that older posts stay reachable and ranks carry on.
   */
  private void frontPage(Context ctx) {
    String subreddit = ctx.pathParamMap().containsKey("subreddit") ? known(ctx.pathParam("subreddit")) : defaultSubreddit();
    String afterParam = ctx.queryParam("after");
    Long after = afterParam == null ? null : Long.parseLong(afterParam);
    String countParam = ctx.queryParam("count");
    int count = after == null || countParam == null ? 0
        : Math.min(MAX_COUNT, Math.max(0, Integer.parseInt(countParam)));
    ThreadView.Authors authors = authors();
    // One more than a page: whether there is a next page.
    List<ThreadView> posts = db.threads().findRecent(subreddit, SHOWN, after, FRONT_PAGE_SIZE + 1).stream()
        .map(t -> ThreadView.of(t, authors, clock.instant())).toList();
    Map<String, Object> model = page("r/" + subreddit);
    model.put("subreddit", subreddit);
    model.put("posts", posts.subList(0, Math.min(posts.size(), FRONT_PAGE_SIZE)));
    model.put("count", count);
    model.put("later", after != null);
    model.put("next", posts.size() > FRONT_PAGE_SIZE
        ? "?count=" + (count + FRONT_PAGE_SIZE) + "&after=" + posts.get(FRONT_PAGE_SIZE - 1).id() : "");
    ctx.html(templates.render("front", model));
  }

  private void thread(Context ctx) {
    long id = Long.parseLong(ctx.pathParam("id"));
    ThreadView thread = db.threads().findByPostId(id, SHOWN)
        .filter(t -> t.post().subreddit().equalsIgnoreCase(ctx.pathParam("subreddit")))
        .map(t -> ThreadView.of(t, authors(), clock.instant()))
        .orElseThrow(NotFoundResponse::new);
    Map<String, Object> model = page(thread.title() + " : r/" + thread.subreddit());
    model.put("subreddit", thread.subreddit());
    model.put("post", thread);
    ctx.html(templates.render("thread", model));
  }

  private void status(Context ctx) {
    Map<String, Object> model = page("status");
    model.put("subreddit", defaultSubreddit());
    model.put("status", StatusView.of(config, db, fires.get(), clock.instant()));
    ctx.html(templates.render("status", model));
  }

  private void metrics(Context ctx) {
    String text = metrics.scrape().orElseThrow(NotFoundResponse::new);
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(text);
  }

  private void health(Context ctx) {
    boolean databaseUp;
    try {
      db.publications().countByState();
      databaseUp = true;
    } catch (RuntimeException e) {
      databaseUp = false;
    }
    // Read once: the scheduler may stop between two reads, and the answer would then contradict itself.
    boolean schedulerUp = running.getAsBoolean();
    boolean up = databaseUp && schedulerUp;
    ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", up ? "UP" : "DOWN",
        "database", databaseUp ? "UP" : "DOWN", "scheduler", schedulerUp ? "UP" : "DOWN"));
  }

  private void notFound(Context ctx) {
    Map<String, Object> model = page("not found");
    model.put("subreddit", defaultSubreddit());
    model.put("message", "There is nothing here.");
    ctx.status(HttpStatus.NOT_FOUND).html(templates.render("error", model));
  }

  /** One line in the log with the stack trace, a plain error page for the reader. */
  private void failure(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    Map<String, Object> model = page("error");
    model.put("subreddit", defaultSubreddit());
    model.put("message", "Something went wrong on our side; the error is in the service log.");
    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).html(templates.render("error", model));
  }

  private Map<String, Object> page(String title) {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("metricsLink", config.metrics());
    return model;
  }

  /**
   * A subreddit's name as the bots post to it, whatever its case in the address, as Reddit resolves it; one no bot
   * posts to and nothing was ever posted to is not found.
   */
  private String known(String name) {
    return config.bots().stream().map(BotConfig::targetSubreddit).filter(name::equalsIgnoreCase).findFirst()
        .or(() -> db.threads().findRecent(name, SHOWN, 1).isEmpty() ? Optional.empty() : Optional.of(name))
        .orElseThrow(NotFoundResponse::new);
  }

  private String defaultSubreddit() {
    return config.bots().get(0).targetSubreddit();
  }

  private ThreadView.Authors authors() {
    Map<Long, String> names = new HashMap<>();
    for (BotRow bot : db.bots().findAll()) {
      names.put(bot.id(), bot.name());
    }
    Map<String, String> flairs = new HashMap<>();
    for (BotConfig bot : config.bots()) {
      flairs.put(bot.name(), bot.flair());
    }
    return new ThreadView.Authors(names, flairs);
  }

  @Override
  public void close() {
    app.stop();
  }
}
