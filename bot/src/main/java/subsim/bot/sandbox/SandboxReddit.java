package subsim.bot.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.BasicAuthCredentials;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import subsim.bot.reddit.Timekeeper;
import subsim.db.sandbox.SandboxStore;

/**
 * A Reddit-compatible HTTP API on localhost, backed by {@link SandboxStore}: the subset JRAW uses (password-grant
 * tokens, me, submit, comment, listings, comment pages, morechildren, info, user history), with Reddit's JSON shapes,
 * rate-limit headers on every answer, tokens that expire after an hour, and {@link Faults} that tests queue.
 */
public final class SandboxReddit implements AutoCloseable {

  /** Reddit's quota: 600 requests per 10-minute window per client. */
  static final int DEFAULT_QUOTA = 600;
  static final long DEFAULT_WINDOW_SECONDS = 600;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_PATH = "/api/v1/access_token";
  /** Reddit's access tokens last an hour ({@code expires_in}); after that every request with one gets 401. */
  static final long TOKEN_SECONDS = 3600;

  /** Whom a token logs in, and until when. */
  private record Login(String user, Instant expires) {}

  private final Javalin app;
  private final Map<String, SandboxAccount> accountsByClient = new ConcurrentHashMap<>();
  private final Map<String, Login> logins = new ConcurrentHashMap<>();
  private final Faults faults = new Faults();
  private final RequestQuota quota;
  private final SandboxApi api;
  private final Timekeeper time;

  private SandboxReddit(SandboxStore store, List<SandboxAccount> accounts, Timekeeper time) {
    accounts.forEach(this::addAccount);
    this.time = time;
    this.quota = new RequestQuota(time, DEFAULT_QUOTA, DEFAULT_WINDOW_SECONDS);
    this.api = new SandboxApi(store, time, this::baseUrl);
    this.app = Javalin.create(config -> config.showJavalinBanner = false);
    app.before(this::gate);
    app.post(TOKEN_PATH, this::token);
    app.get("/api/v1/me", ctx -> json(ctx, Map.of("name", user(ctx), "id", user(ctx))));
    app.get("/r/{sub}/{sort}", ctx -> json(ctx, api.listing(ctx)));
    app.get("/comments/{id}", ctx -> json(ctx, api.commentPage(ctx)));
    app.get("/comments/{id}/{slug}", ctx -> json(ctx, api.commentPage(ctx)));
    app.get("/r/{sub}/comments/{id}/{slug}", ctx -> json(ctx, api.commentPage(ctx)));
    app.get("/api/morechildren", ctx -> json(ctx, api.moreChildren(ctx)));
    app.post("/api/morechildren", ctx -> json(ctx, api.moreChildren(ctx)));
    app.get("/api/info", ctx -> json(ctx, api.info(ctx)));
    app.get("/user/{name}/submitted", ctx -> json(ctx, api.submitted(ctx)));
    app.get("/user/{name}/comments", ctx -> json(ctx, api.userComments(ctx)));
    app.post("/api/submit", ctx -> json(ctx, api.submit(ctx, user(ctx))));
    app.post("/api/comment", ctx -> json(ctx, api.comment(ctx, user(ctx))));
    app.exception(SandboxApi.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
  }

  /** Starts the sandbox on {@code 127.0.0.1:port} (0 picks a free port) with the system clock. */
  public static SandboxReddit start(SandboxStore store, List<SandboxAccount> accounts, int port) {
    return start(store, accounts, port, Timekeeper.system());
  }

  /** Starts the sandbox on {@code 127.0.0.1:port} (0 picks a free port); {@code time} dates new items and quotas. */
  public static SandboxReddit start(SandboxStore store, List<SandboxAccount> accounts, int port, Timekeeper time) {
    SandboxReddit sandbox = new SandboxReddit(store, accounts, time);
    sandbox.app.start("127.0.0.1", port);
    return sandbox;
  }

  /** Where clients reach it, e.g. {@code http://127.0.0.1:43123}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  public int port() {
    return app.port();
  }

  /** Lets another account log in. */
  public void addAccount(SandboxAccount account) {
    accountsByClient.put(account.clientId() + "\n" + account.username(), account);
  }

  /** The faults coming requests will meet. */
  public Faults faults() {
    return faults;
  }

  /** Sets the per-client quota reported in {@code X-Ratelimit-*} (Reddit: 600 per 600 s). */
  public void quota(int requests, long windowSeconds) {
    quota.set(requests, windowSeconds);
  }

  @Override
  public void close() {
    app.stop();
  }

  /** Authenticates, counts the quota, and applies queued faults that strike before a handler runs. */
  private void gate(Context ctx) {
    if (ctx.path().equals(TOKEN_PATH)) {
      return;
    }
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    Login login = header.regionMatches(true, 0, "bearer ", 0, 7) ? logins.get(header.substring(7).trim()) : null;
    if (login == null || !time.now().isBefore(login.expires())) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"reddit\", error=\"invalid_token\"");
      stop(ctx, 401, Map.of("message", "Unauthorized", "error", 401));
      return;
    }
    String user = login.user();
    ctx.attribute("user", user);
    RequestQuota.Usage usage = quota.count(user);
    ctx.header("X-Ratelimit-Used", Long.toString(usage.used()));
    ctx.header("X-Ratelimit-Remaining", usage.remaining() + ".0");
    ctx.header("X-Ratelimit-Reset", Long.toString(usage.resetSeconds()));
    if (quota.exceeded(usage)) {
      ctx.header("Retry-After", Long.toString(usage.resetSeconds()));
      stop(ctx, 429, Map.of("message", "Too Many Requests", "error", 429));
      return;
    }
    faults.take(ctx.path()).ifPresent(fault -> strikeBefore(ctx, fault));
  }

  private void strikeBefore(Context ctx, Fault fault) {
    switch (fault) {
      case TOO_MANY_REQUESTS -> {
        ctx.header("Retry-After", Long.toString(faults.retryAfterSeconds()));
        stop(ctx, 429, Map.of("message", "Too Many Requests", "error", 429));
      }
      case SERVER_ERROR_BEFORE_STORE -> stop(ctx, 503, Map.of("message", "Service Unavailable", "error", 503));
      case RATELIMIT_ERROR -> {
        int minutes = faults.ratelimitMinutes();
        String text = "Looks like you've been doing that a lot. Take a break for " + minutes
            + " minutes before trying again.";
        stop(ctx, 200, Map.of("json", Map.of("ratelimit", minutes * 60.0,
            "errors", List.of(List.of("RATELIMIT", text, "ratelimit")))));
      }
      case SERVER_ERROR_AFTER_STORE, DROP_AFTER_STORE -> ctx.attribute("fault", fault);
    }
  }

  private void token(Context ctx) {
    BasicAuthCredentials client = ctx.basicAuthCredentials();
    boolean knownApp = client != null && accountsByClient.values().stream().anyMatch(
        a -> a.clientId().equals(client.getUsername()) && a.clientSecret().equals(client.getPassword()));
    if (!knownApp) {
      error(ctx, 401, "Unauthorized");
      return;
    }
    SandboxAccount account = accountsByClient.get(client.getUsername() + "\n" + ctx.formParam("username"));
    if (account == null || !account.clientSecret().equals(client.getPassword())
        || !"password".equals(ctx.formParam("grant_type")) || !account.password().equals(ctx.formParam("password"))) {
      write(ctx, 200, Map.of("error", "invalid_grant"));  // what Reddit answers to a wrong user or password
      return;
    }
    String token = UUID.randomUUID().toString();
    logins.put(token, new Login(account.username(), time.now().plusSeconds(TOKEN_SECONDS)));
    write(ctx, 200, Map.of("access_token", token, "token_type", "bearer", "expires_in", TOKEN_SECONDS, "scope", "*"));
  }

  private static String user(Context ctx) {
    return ctx.attribute("user");
  }

  /** Answers {@code body}, unless a fault queued for after the work says to fail or hang up instead. */
  private static void json(Context ctx, Object body) {
    Fault fault = ctx.attribute("fault");
    if (fault == Fault.SERVER_ERROR_AFTER_STORE) {
      write(ctx, 500, Map.of("message", "Internal Server Error", "error", 500));
    } else if (fault == Fault.DROP_AFTER_STORE) {
      org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint().close();
    } else {
      write(ctx, 200, body);
    }
  }

  private static void error(Context ctx, int status, String message) {
    write(ctx, status, Map.of("message", message, "error", status));
  }

  private static void stop(Context ctx, int status, Object body) {
    write(ctx, status, body);
    ctx.skipRemainingHandlers();
  }

  private static void write(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json; charset=UTF-8").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("sandbox: cannot write JSON", e);
    }
  }
}
