package subsim.bot.reddit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.dean.jraw.RedditClient;
import net.dean.jraw.http.NetworkAdapter;
import net.dean.jraw.http.OkHttpNetworkAdapter;
import net.dean.jraw.http.UserAgent;
import net.dean.jraw.models.OAuthData;
import net.dean.jraw.oauth.Credentials;
import net.dean.jraw.oauth.NoopTokenStore;
import net.dean.jraw.oauth.OAuthHelper;
import okhttp3.OkHttpClient;

/**
 * One authenticated JRAW client for one bot account (an OAuth2 script app), and the handles built on it.
 *
 * <p>Nothing here re-sends a request behind our back: JRAW's 5xx retry is off ({@code retryLimit = 0}) and so is
 * OkHttp's retry on a failed connection, because either would post twice when a POST was stored but its answer lost.
 * Reads are retried here instead ({@link #read}); writes go through {@link RedditPublisher}, which reconciles first.
 *
 * <p>Reddit's access tokens expire (an hour, {@code expires_in}); a request Reddit answers 401 gets a new token and is
 * sent once more, which is safe for a write too: Reddit refused it before doing anything.
 */
public final class RedditSession implements AutoCloseable {

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final RedditClient client;
  private final Credentials credentials;
  private final OkHttpClient http;
  private final RedditEndpoints endpoints;
  private final RedditClientOptions options;
  private final RedditMeters meters;
  private final String username;

  private RedditSession(RedditClient client, Credentials credentials, OkHttpClient http, RedditEndpoints endpoints,
      RedditClientOptions options, RedditMeters meters, String username) {
    this.client = client;
    this.credentials = credentials;
    this.http = http;
    this.endpoints = endpoints;
    this.options = options;
    this.meters = meters;
    this.username = username;
  }

  /**
   * Logs {@code account} in at {@code endpoints} (password grant) and returns its session. Every HTTP request it makes,
   * the token request included, is metered into {@code options.meters()} under the account's name.
   */
  public static RedditSession connect(RedditAccount account, RedditEndpoints endpoints, RedditClientOptions options) {
    RedditMeters meters = new RedditMeters(options.meters(), account.username());
    // The meter sits before the host rewriting, so it names the reddit.com endpoint whatever server answers, and
    // after the quota gate, so its times are the requests' own.
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .connectTimeout(30, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS)
        .addInterceptor(new RateLimitGate(options.time(), meters))
        .addInterceptor(new RequestMeter(meters));
    if (endpoints.rewrites()) {
      builder.addInterceptor(new HostRewriter(endpoints));
    }
    OkHttpClient http = builder.build();
    NetworkAdapter adapter = new OkHttpNetworkAdapter(new UserAgent(options.userAgent(account.username())), http);
    Credentials credentials = Credentials.script(
        account.username(), account.password(), account.clientId(), account.clientSecret());
    OAuthData token = retrying(options, meters, () -> fetchToken(adapter, credentials));
    // Naming the user ourselves skips JRAW's /api/v1/me probe, which would be logged before we can silence it.
    RedditClient client = new RedditClient(adapter, token, credentials, new NoopTokenStore(), account.username());
    client.setRetryLimit(0);
    // JRAW would renew by the wall clock, not ours, and fail with a NullPointerException on invalid_grant; we renew
    // when Reddit says the token is no longer good (401), whatever the reason.
    client.setAutoRenew(false);
    client.setLogHttp(false);
    client.setRateLimiter(new RequestPacer(options.requestsPerMinute(), options.time(), meters));
    return new RedditSession(client, credentials, http, endpoints, options, meters, account.username());
  }

  private static OAuthData fetchToken(NetworkAdapter adapter, Credentials credentials) {
    try {
      return OAuthHelper.scriptOAuthData$lib(adapter, credentials);
    } catch (NullPointerException e) {
      // Reddit answers a wrong username or password with 200 {"error": "invalid_grant"}, which JRAW reads as a
      // token without an access token.
      throw new RedditException.AuthenticationFailed(
          "Reddit refused the username or password of " + credentials.getUsername() + " (invalid_grant)", e);
    }
  }

  /** The account name this session acts as. */
  public String username() {
    return username;
  }

  /** A handle that writes into {@code subreddit} as this account. */
  public RedditPublisher publisher(String subreddit) {
    return new RedditPublisher(this, subreddit);
  }

  /** A handle that reads {@code subreddit}'s listings and threads. */
  public SubredditReader reader(String subreddit) {
    return new SubredditReader(this, subreddit);
  }

  RedditClient jraw() {
    return client;
  }

  RedditEndpoints endpoints() {
    return endpoints;
  }

  RedditClientOptions options() {
    return options;
  }

  /** Runs a read, retrying limits (after the wait Reddit asks for), 5xx and dropped connections with backoff. */
  <T> T read(Supplier<T> call) {
    return retrying(options, meters, () -> authorized(call));
  }

  /** Runs a call once (twice if the first met an expired token), translating failures. */
  <T> T once(Supplier<T> call) {
    try {
      return authorized(call);
    } catch (Exception e) {  // OkHttp's IOExceptions pass through Kotlin code undeclared
      throw JrawErrors.translate(e);
    }
  }

  /** Runs {@code call}; when Reddit refuses the token (401), fetches a new one and runs it once more. */
  private <T> T authorized(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (!JrawErrors.tokenRefused(e)) {
        throw e;
      }
      renewToken();
      return call.get();
    }
  }

  /**
   * A new token through {@link #fetchToken}, as at login (retried, and a refused password said as such, where JRAW's
   * public {@code renew()} fails with a NullPointerException); {@code update$lib} is Kotlin's name for AuthManager's
   * internal {@code update}, the one way to give a built client a token fetched outside JRAW.
   */
  private synchronized void renewToken() {
    client.getAuthManager().update$lib(retrying(options, meters, () -> fetchToken(client.getHttp(), credentials)));
  }

  /** The wait after failed attempt number {@code attempt} (from 1): as Reddit asks, or doubling backoff. */
  static Duration waitAfter(RedditClientOptions options, RedditException failure, int attempt) {
    if (failure instanceof RedditException.RateLimited limited) {
      return limited.retryAfter();
    }
    return new Backoff(options.firstBackoff(), MAX_BACKOFF).after(attempt);
  }

  /** Waits after failed attempt number {@code attempt}, as {@link #waitAfter} says, and meters the wait. */
  void pauseAfter(RedditException failure, int attempt) {
    pause(options, meters, failure, attempt);
  }

  private static void pause(RedditClientOptions options, RedditMeters meters, RedditException failure, int attempt) {
    Duration wait = waitAfter(options, failure, attempt);
    meters.waited(failure instanceof RedditException.RateLimited ? "retry_after" : "backoff", wait);
    options.time().sleep(wait);
  }

  private static <T> T retrying(RedditClientOptions options, RedditMeters meters, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (Exception e) {  // OkHttp's IOExceptions pass through Kotlin code undeclared
        RedditException failure = JrawErrors.translate(e);
        if (!failure.transientFailure() || attempt >= options.maxAttempts()) {
          throw failure;
        }
        pause(options, meters, failure, attempt);
      }
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
