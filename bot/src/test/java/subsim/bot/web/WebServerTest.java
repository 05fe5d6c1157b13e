package subsim.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.jobs.NextFire;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.metrics.ServiceMetrics.Kind;
import subsim.db.Database;
import subsim.db.Generation;
import subsim.db.ItemKind;

class WebServerTest {

  private static final String LABEL = "*Synthetic: written by a GPT-2 bot.*";
  /** The label as a reader sees it: Markdown rendered, so in italics and without its asterisks. */
  private static final String LABEL_SHOWN = "Synthetic: written by a GPT-2 bot.";
  private static final String EVIL = "<script>document.title='pwned'</script><b>bold?</b>";
  private static final String EVIL_MARKDOWN = "<img src=x onerror=\"document.title='img'\"> [click](javascript:document.title='js')";

  @TempDir Path dir;
  private Database db;
  private WebServer web;
  private ServiceMetrics metrics;
  private long postId;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    SubsimConfig config = new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        web: {port: 0}
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SubSimDemo
            flair: "r/Jokes bot"
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """, "web.yaml");
    db = Database.open(dir.resolve("subsim.db"));
    long bot = db.bots().upsert("jokes", "Jokes", "SubSimDemo", "u");
    postId = db.posts().insert(bot, "SubSimDemo", "Why " + EVIL, "A body line with *emphasis*\n\nA second paragraph " + EVIL_MARKDOWN, LABEL, generation());
    publish(ItemKind.POST, postId);
    long top = db.comments().insert(postId, null, bot, "Top comment", LABEL, generation());
    publish(ItemKind.COMMENT, top);
    long reply = db.comments().insert(postId, top, bot, "A reply " + EVIL, LABEL, generation());
    publish(ItemKind.COMMENT, reply);
    long hidden = db.posts().insert(bot, "SubSimDemo", "Never published", "", LABEL, generation());
    db.publications().reject(db.publications().findByItem(ItemKind.POST, hidden).orElseThrow().id(), "near_copy");
    metrics = ServiceMetrics.prometheus();
    metrics.published("jokes", Kind.POST);
    List<NextFire> fires = List.of(new NextFire("jokes", "post", Instant.now().plusSeconds(60)));
    web = new WebServer(config, db, metrics, () -> fires, () -> true, Clock.systemUTC()).start();
  }

  private static Generation generation() {
    return new Generation(List.of("bar"), "temperature=0.9", 1, null, Instant.now().minusSeconds(300), 12);
  }

  private void publish(ItemKind kind, long itemId) {
    long id = db.publications().findByItem(kind, itemId).orElseThrow().id();
    db.publications().queue(id);
    db.publications().claim(id);
    db.publications().markPublished(id, "t3_x" + id, "https://reddit.test/x" + id, Instant.now().minusSeconds(120));
  }

  @AfterEach
  void stop() {
    web.close();
    db.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + web.port() + path;
  }

  @Test
  void frontPageAndThreadReadLikeOldRedditInARealBrowser() {
    ChromeDriver browser = Browser.open(dir.resolve("profile"));
    try {
      browser.get(url("/"));
      assertEquals("r/SubSimDemo", browser.getTitle());
      List<WebElement> posts = browser.findElements(By.cssSelector("#siteTable .thing"));
      assertEquals(1, posts.size(), "only published posts are listed");
      WebElement title = posts.get(0).findElement(By.cssSelector("a.title"));
      assertEquals("Why " + EVIL, title.getText(), "generated text is shown as text, not markup");
      assertTrue(browser.findElements(By.cssSelector("#siteTable b")).isEmpty());
      assertEquals("r/Jokes bot", posts.get(0).findElement(By.cssSelector(".flair")).getText());
      assertTrue(posts.get(0).findElement(By.cssSelector(".tagline")).getText().matches("submitted 2 minutes ago by jokes"));
      assertEquals("2 comments", posts.get(0).findElement(By.cssSelector("a.comments")).getText());
      assertTrue(browser.findElement(By.id("synthetic-notice")).isDisplayed());

      title.click();
      assertTrue(browser.getCurrentUrl().endsWith("/r/SubSimDemo/comments/" + postId));
      WebElement selftext = browser.findElement(By.id("selftext"));
      assertEquals(2, selftext.findElements(By.cssSelector(":scope > p")).size(), "the body's two paragraphs");
      assertEquals("emphasis", selftext.findElement(By.cssSelector("p em")).getText(), "the body is rendered from Markdown");
      assertTrue(selftext.getText().contains("<img src=x onerror=\"document.title='img'\">"), selftext.getText());
      WebElement link = selftext.findElement(By.linkText("click"));
      assertEquals("", link.getDomAttribute("href"), "a javascript: link is emptied");
      assertEquals("nofollow", link.getDomAttribute("rel"));
      assertTrue(selftext.findElements(By.cssSelector("img")).isEmpty());
      assertTrue(selftext.getText().endsWith(LABEL_SHOWN), "the label is visible on the post");
      assertEquals(LABEL_SHOWN, selftext.findElement(By.cssSelector(".synthetic-label em")).getText());
      WebElement top = browser.findElement(By.cssSelector(".commentarea > .comment"));
      assertEquals("0", top.getAttribute("data-depth"));
      WebElement reply = top.findElement(By.cssSelector(".comment"));
      assertEquals("1", reply.getAttribute("data-depth"), "the reply is nested inside its parent");
      assertTrue(reply.findElement(By.cssSelector(".body")).getText().contains(EVIL));
      assertEquals(LABEL_SHOWN, reply.findElement(By.cssSelector(".synthetic-label em")).getText(), "the label is on every comment");
      assertEquals(LABEL_SHOWN, top.findElement(By.cssSelector(".synthetic-label em")).getText());
      assertTrue(browser.findElements(By.cssSelector(".commentarea b, .commentarea script, #selftext b, #selftext script")).isEmpty());
      assertEquals("Why " + EVIL + " : r/SubSimDemo", browser.getTitle(), "no generated script ran");
    } finally {
      browser.quit();
    }
  }

  @Test
  void aVeryLongWordWrapsInsteadOfWideningThePage() {
    long bot = db.bots().findByName("jokes").orElseThrow().id();
    String word = "A".repeat(3000); // a model stuck on one token, or a long URL
    long post = db.posts().insert(bot, "SubSimDemo", "Title " + word, "Body " + word, LABEL, generation());
    publish(ItemKind.POST, post);
    publish(ItemKind.COMMENT, db.comments().insert(post, null, bot, "Comment " + word, LABEL, generation()));
    ChromeDriver browser = Browser.open(dir.resolve("profile"));
    try {
      for (String page : List.of("/", "/r/SubSimDemo/comments/" + post)) {
        browser.get(url(page));
        Object fits = browser.executeScript(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;");
        assertEquals(Boolean.TRUE, fits, page + " scrolls sideways");
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void statusPageShowsBotsScheduleAndStateCounts() {
    ChromeDriver browser = Browser.open(dir.resolve("profile"));
    try {
      browser.get(url("/status"));
      WebElement bot = browser.findElement(By.id("bot_jokes"));
      assertTrue(bot.getText().contains("r/Jokes"), bot.getText());
      assertTrue(bot.getText().matches("(?s).*in \\d+ s.*"), "next fire time shown: " + bot.getText());
      assertEquals("3", browser.findElement(By.cssSelector("#states td[data-state=PUBLISHED]")).getText());
      assertEquals("1", browser.findElement(By.cssSelector("#states td[data-state=REJECTED]")).getText());
    } finally {
      browser.quit();
    }
  }

  @Test
  void servesMetricsHealthAndNotFound() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> metricsPage = http.send(HttpRequest.newBuilder(URI.create(url("/metrics"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metricsPage.statusCode());
    assertTrue(metricsPage.body().contains("subsim_items_published_total{bot=\"jokes\",kind=\"post\"} 1.0"));
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    HttpResponse<String> lowerCase = http.send(HttpRequest.newBuilder(URI.create(url("/r/subsimdemo"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, lowerCase.statusCode());
    assertTrue(lowerCase.body().contains("/r/SubSimDemo/comments/" + postId), "the lower-case address lists no posts");
    assertTrue(lowerCase.body().contains("href=\"/metrics\""));
    for (String missing : List.of("/r/SubSimDemo/comments/999", "/r/SubSimDemo/comments/abc", "/r/Other/comments/" + postId,
        "/r/Other")) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url(missing))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, page.statusCode(), missing);
    }
  }

  @Test
  void healthReportsOneReadingOfTheScheduler() throws Exception {
    SubsimConfig config = new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        web: {port: 0}
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SubSimDemo
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """, "stopping.yaml");
    AtomicInteger reads = new AtomicInteger();
    // Up at the first look, down from then on: the scheduler stopping while the request is answered.
    try (WebServer stopping = new WebServer(config, db, ServiceMetrics.inMemory(), List::of,
        () -> reads.getAndIncrement() == 0, Clock.systemUTC()).start()) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + stopping.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("\"scheduler\":\"UP\""), health.body());
    }
  }

  @Test
  void olderPostsAreReachedPageByPageWithRanksCarryingOn() throws Exception {
    long bot = db.bots().findByName("jokes").orElseThrow().id();
    for (int i = 0; i < 120; i++) { // all written in the same millisecond: the pages are told apart by id too
      publish(ItemKind.POST, db.posts().insert(bot, "SubSimDemo", "post " + i, "", LABEL, generation()));
    }
    HttpClient http = HttpClient.newHttpClient();
    List<String> seen = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String next = "/r/SubSimDemo";
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url(next))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), next);
      List<String> things = Pattern.compile("id=\"thing_(\\d+)\"").matcher(page.body()).results()
          .map(m -> m.group(1)).toList();
      seen.addAll(things);
      pageSizes.add(things.size());
      Pattern.compile("class=\"rank\">(\\d+)<").matcher(page.body()).results()
          .forEach(m -> ranks.add(Integer.parseInt(m.group(1))));
      Matcher link = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"").matcher(page.body());
      next = link.find() ? "/r/SubSimDemo" + link.group(1).replace("&amp;", "&") : null;
    }
    assertEquals(List.of(50, 50, 21), pageSizes);
    assertEquals(121, Set.copyOf(seen).size(), "every published post once");
    assertEquals(IntStream.rangeClosed(1, 121).boxed().toList(), ranks);
    for (String bad : List.of("/?after=abc", "/?count=x&after=" + postId)) {
      assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url(bad))).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode(), bad);
    }
    String huge = "/r/SubSimDemo?count=" + Integer.MAX_VALUE + "&after=" + seen.get(60);
    List<Integer> hugeRanks = Pattern.compile("class=\"rank\">(-?\\d+)<").matcher(http.send(HttpRequest.newBuilder(
        URI.create(url(huge))).build(), HttpResponse.BodyHandlers.ofString()).body()).results()
        .map(m -> Integer.parseInt(m.group(1))).toList();
    assertEquals(IntStream.rangeClosed(WebServer.MAX_COUNT + 1, WebServer.MAX_COUNT + 50).boxed().toList(), hugeRanks);
    HttpResponse<String> past = http.send(HttpRequest.newBuilder(URI.create(url("/?after=999999"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(past.body().contains("There are no more posts."), past.body());
  }

  @Test
  void withMetricsOffThePagesDoNotLinkThem() throws Exception {
    SubsimConfig quiet = new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        web: {port: 0}
        metrics: {enabled: false}
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SubSimDemo
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """, "quiet.yaml");
    try (WebServer plain = new WebServer(quiet, db, ServiceMetrics.inMemory(), List::of, () -> true,
        Clock.systemUTC()).start()) {
      HttpResponse<String> front = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + plain.port() + "/r/SubSimDemo")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, front.statusCode());
      assertTrue(front.body().contains("href=\"/status\""), front.body());
      assertFalse(front.body().contains("href=\"/metrics\""), "a link to the metrics that are off");
    }
  }
}
