package subsim.bot.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.sandbox.Fault;
import subsim.bot.sandbox.SandboxFixture;

class RequestMeterTest {

  private static final String SUB = "SubSimulator";

  @TempDir Path dir;
  SandboxFixture sandbox;
  ServiceMetrics metrics;

  @BeforeEach
  void start() {
    sandbox = new SandboxFixture(dir);
    metrics = ServiceMetrics.prometheus();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private RedditSession connect(RedditClientOptions options) {
    return RedditSession.connect(SandboxFixture.ALICE, RedditEndpoints.sandbox(sandbox.reddit.baseUrl()),
        options.withMeters(metrics.registry()));
  }

  @Test
  void namesEndpointsWithoutIdsSubredditsOrUsers() {
    assertEquals("/r/{sub}/new", endpoint("https://oauth.reddit.com/r/Jokes/new?limit=100&raw_json=1"));
    assertEquals("/comments/{id}", endpoint("https://oauth.reddit.com/comments/abc12?sort=top"));
    assertEquals("/r/{sub}/comments/{id}", endpoint("https://www.reddit.com/r/Jokes/comments/x1y/a_title/d2e/"));
    assertEquals("/user/{user}/submitted", endpoint("https://oauth.reddit.com/user/alice_bot/submitted"));
    assertEquals("/api/v1/access_token", endpoint("https://www.reddit.com/api/v1/access_token"));
    assertEquals("/api/submit", endpoint("https://oauth.reddit.com/api/submit"));
    assertEquals("/by_id/{ids}", endpoint("https://oauth.reddit.com/by_id/t3_a1,t3_b2"));
    assertEquals("/api/info", endpoint("https://oauth.reddit.com/api/info.json?id=t3_a1"));
    assertEquals("/", endpoint("https://oauth.reddit.com/"));
  }

  private static String endpoint(String url) {
    return RequestMeter.endpoint(HttpUrl.parse(url));
  }

  @Test
  void countsEveryRequestJrawMakesByEndpointMethodAndStatusIncludingFailures() {
    try (RedditSession alice = connect(sandbox.options())) {
      RedditPublisher publisher = alice.publisher(SUB);
      sandbox.reddit.faults().add("/api/submit", Fault.TOO_MANY_REQUESTS);
      Published post = publisher.submit("first", "body", null);
      sandbox.reddit.faults().add("/api/submit", Fault.SERVER_ERROR_AFTER_STORE);
      publisher.submit("second", "body", null);
      sandbox.reddit.faults().add("/api/submit", Fault.DROP_AFTER_STORE);
      publisher.submit("third", "body", null);
      publisher.reply(post.fullname(), "a comment");
      sandbox.reddit.faults().add("/r/" + SUB + "/new", Fault.SERVER_ERROR_BEFORE_STORE);
      alice.reader(SUB).page(ListingSort.NEW, TimeWindow.ALL, null, 10);
      alice.reader(SUB).thread(post.id(), 10, 5);
    }

    assertEquals(1, requests("/api/v1/access_token", "POST", "200"));
    assertEquals(1, requests("/api/submit", "POST", "429"));
    assertEquals(1, requests("/api/submit", "POST", "500"));
    assertEquals(1, requests("/api/submit", "POST", RedditMeters.NO_ANSWER));
    assertEquals(1, requests("/api/submit", "POST", "200"));
    // Both unknown outcomes were looked up among the account's posts before anything was sent again.
    assertEquals(2, requests("/user/{user}/submitted", "GET", "200"));
    assertEquals(1, requests("/api/comment", "POST", "200"));
    assertEquals(1, requests("/r/{sub}/new", "GET", "503"));
    assertEquals(1, requests("/r/{sub}/new", "GET", "200"));
    assertEquals(1, requests("/comments/{id}", "GET", "200"));
    assertEquals(11, registry().find("subsim.reddit.requests").timers().stream().mapToLong(Timer::count).sum());

    assertEquals(Duration.ofSeconds(7), waited("retry_after"));
    assertEquals(sandbox.options().firstBackoff(), waited("backoff"));

    String scraped = metrics.scrape().orElseThrow();
    assertTrue(scraped.contains("subsim_reddit_requests_seconds_count{account=\"alice_bot\",endpoint=\"/api/submit\","
        + "method=\"POST\",status=\"429\"} 1"), scraped);
    assertTrue(scraped.contains("subsim_reddit_ratelimit_waits_seconds_sum{account=\"alice_bot\","
        + "cause=\"retry_after\"} 7"), scraped);
  }

  @Test
  void metersWaitsForTheQuota() {
    sandbox.reddit.quota(2, 60);
    readNewThreeTimes(sandbox.options());

    assertEquals(3, requests("/r/{sub}/new", "GET", "200"));
    assertEquals(0, requests("/r/{sub}/new", "GET", "429"), "the gate waited instead");
    assertTrue(waited("quota").compareTo(Duration.ZERO) > 0, sandbox.time.sleeps().toString());
    assertEquals(sandbox.time.slept(), waited("quota"));
  }

  @Test
  void metersWaitsForOurOwnPacing() {
    readNewThreeTimes(sandbox.options().withRequestsPerMinute(2));

    assertEquals(3, requests("/r/{sub}/new", "GET", "200"));
    assertEquals(Duration.ofMinutes(1), waited("pacing"));
    assertEquals(Duration.ZERO, waited("quota"));
  }

  private void readNewThreeTimes(RedditClientOptions options) {
    try (RedditSession alice = connect(options)) {
      for (int i = 0; i < 3; i++) {
        alice.reader(SUB).page(ListingSort.NEW, TimeWindow.ALL, null, 10);
      }
    }
  }

  @Test
  void optionsWithoutMetersRecordNothingAndStillWork() {
    try (RedditSession alice = RedditSession.connect(SandboxFixture.ALICE,
        RedditEndpoints.sandbox(sandbox.reddit.baseUrl()), sandbox.options())) {
      alice.publisher(SUB).submit("unmetered", "body", null);
    }
    assertTrue(registry().find("subsim.reddit.requests").timers().isEmpty());
  }

  private MeterRegistry registry() {
    return metrics.registry();
  }

  private long requests(String endpoint, String method, String status) {
    return registry().find("subsim.reddit.requests")
        .tags("account", "alice_bot", "endpoint", endpoint, "method", method, "status", status)
        .timers().stream().mapToLong(Timer::count).sum();
  }

  private Duration waited(String cause) {
    Timer timer = registry().find("subsim.reddit.ratelimit.waits").tags("account", "alice_bot", "cause", cause).timer();
    return timer == null ? Duration.ZERO : Duration.ofNanos((long) timer.totalTime(TimeUnit.NANOSECONDS));
  }
}
