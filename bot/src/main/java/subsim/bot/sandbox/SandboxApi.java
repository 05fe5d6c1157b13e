package subsim.bot.sandbox;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import subsim.bot.reddit.Timekeeper;
import subsim.db.sandbox.PostOrder;
import subsim.db.sandbox.SandboxComment;
import subsim.db.sandbox.SandboxPost;
import subsim.db.sandbox.SandboxStore;

/** The sandbox's endpoints: read parameters as Reddit does, call the store, shape the answer as Reddit does. */
final class SandboxApi {

  /** Reddit refuses titles over 300 characters, self-post bodies over 40,000 and comments over 10,000. */
  static final int MAX_TITLE = 300;
  static final int MAX_TEXT = 40_000;
  static final int MAX_COMMENT = 10_000;

  /** An unknown post, comment or listing: 404. */
  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  private final SandboxStore store;
  private final Timekeeper time;
  private final Supplier<String> baseUrl;

  SandboxApi(SandboxStore store, Timekeeper time, Supplier<String> baseUrl) {
    this.store = store;
    this.time = time;
    this.baseUrl = baseUrl;
  }

  private ThingJson json() {
    return new ThingJson(baseUrl.get());
  }

  Object listing(Context ctx) {
    PostOrder order = switch (ctx.pathParam("sort")) {
      case "new" -> PostOrder.NEW;
      case "hot" -> PostOrder.HOT;
      case "top" -> PostOrder.TOP;
      default -> throw new NotFound("no listing " + ctx.pathParam("sort"));
    };
    long since = order == PostOrder.TOP ? since(ctx.queryParam("t")) : 0;
    int limit = limit(ctx);
    List<SandboxPost> posts = store.listPosts(ctx.pathParam("sub"), order, since, bare(ctx.queryParam("after")), limit);
    return postListing(posts, limit);
  }

  Object commentPage(Context ctx) {
    SandboxPost post = store.findPost(ctx.pathParam("id")).orElseThrow(() -> new NotFound("no post"));
    List<SandboxComment> comments = store.commentsOfPost(post.id());
    int limit = intParam(ctx.queryParam("limit"), 200, 1, 500);
    int depth = intParam(ctx.queryParam("depth"), 10, 1, 10);
    ThingJson json = json();
    List<Object> tree = new CommentPage(json, post.title(), comments, ctx.queryParam("sort"), limit, depth)
        .render(post.fullname());
    return List.of(ThingJson.listing(List.of(json.post(post, comments.size())), null),
        ThingJson.listing(tree, null));
  }

  Object moreChildren(Context ctx) {
    String linkId = param(ctx, "link_id");
    String children = Optional.ofNullable(param(ctx, "children")).orElse("");
    SandboxPost post = store.findPost(bare(linkId)).orElseThrow(() -> new NotFound("no post " + linkId));
    Set<String> ids = new LinkedHashSet<>(Arrays.asList(children.split(",")));
    ThingJson json = json();
    List<Object> things = CommentPage.flat(store.commentsOfPost(post.id()), ids).stream()
        .map(c -> (Object) json.comment(c, post.title(), "")).toList();
    return Map.of("json", Map.of("errors", List.of(), "data", Map.of("things", things)));
  }

  Object info(Context ctx) {
    ThingJson json = json();
    List<Object> things = new ArrayList<>();
    for (String fullname : Optional.ofNullable(ctx.queryParam("id")).orElse("").split(",")) {
      if (fullname.startsWith("t3_")) {
        store.findPost(bare(fullname)).ifPresent(p -> things.add(json.post(p, store.countComments(p.id()))));
      } else if (fullname.startsWith("t1_")) {
        store.findComment(bare(fullname)).ifPresent(c -> things.add(json.comment(c, title(c), "")));
      }
    }
    return ThingJson.listing(things, null);
  }

  Object submitted(Context ctx) {
    int limit = limit(ctx);
    return postListing(store.postsByAuthor(ctx.pathParam("name"), bare(ctx.queryParam("after")), limit), limit);
  }

  Object userComments(Context ctx) {
    int limit = limit(ctx);
    List<SandboxComment> comments =
        store.commentsByAuthor(ctx.pathParam("name"), bare(ctx.queryParam("after")), limit);
    ThingJson json = json();
    List<Object> things = comments.stream().map(c -> (Object) json.comment(c, title(c), "")).toList();
    String after = comments.size() == limit ? comments.get(comments.size() - 1).fullname() : null;
    return ThingJson.listing(things, after);
  }

  Object submit(Context ctx, String user) {
    String subreddit = ctx.formParam("sr");
    String title = Optional.ofNullable(ctx.formParam("title")).orElse("").strip();
    String text = Optional.ofNullable(ctx.formParam("text")).orElse("").strip();
    if (subreddit == null || subreddit.isBlank()) {
      return apiError("SUBREDDIT_REQUIRED", "you must specify a subreddit", "sr");
    }
    if (title.isEmpty()) {
      return apiError("NO_TEXT", "we need something here", "title");
    }
    if (title.length() > MAX_TITLE) {
      return apiError("TOO_LONG", "this is too long (max: " + MAX_TITLE + ")", "title");
    }
    if (text.length() > MAX_TEXT) {
      return apiError("TOO_LONG", "this is too long (max: " + MAX_TEXT + ")", "text");
    }
    String flair = ctx.formParam("flair_text");
    if (flair != null && ctx.formParam("flair_id") == null) {
      throw new IllegalArgumentException("flair_text without flair_id"); // Reddit answers 400 as well
    }
    SandboxPost post = store.insertPost(new SandboxPost(null, subreddit, user, title, text, flair, 1,
        time.now().getEpochSecond(), false));
    return Map.of("json", Map.of("errors", List.of(), "data", Map.of(
        "url", json().url(post), "drafts_count", 0, "id", post.id(), "name", post.fullname())));
  }

  Object comment(Context ctx, String user) {
    String parent = Optional.ofNullable(ctx.formParam("thing_id")).orElse("");
    String text = Optional.ofNullable(ctx.formParam("text")).orElse("").strip();
    if (text.isEmpty()) {
      return apiError("NO_TEXT", "we need something here", "text");
    }
    if (text.length() > MAX_COMMENT) {
      return apiError("TOO_LONG", "this is too long (max: " + MAX_COMMENT + ")", "text");
    }
    Optional<SandboxPost> post = parent.startsWith("t3_") ? store.findPost(bare(parent))
        : parent.startsWith("t1_") ? store.findComment(bare(parent)).flatMap(c -> store.findPost(bare(c.linkId())))
        : Optional.empty();
    if (post.isEmpty()) {
      return apiError("NO_THING_ID", "that thing does not exist", "thing_id");
    }
    SandboxComment comment = store.insertComment(new SandboxComment(null, post.get().subreddit(), user,
        post.get().fullname(), parent, text, 1, time.now().getEpochSecond()));
    Object thing = json().comment(comment, post.get().title(), "");
    return Map.of("json", Map.of("errors", List.of(), "data", Map.of("things", List.of(thing))));
  }

  private Object postListing(List<SandboxPost> posts, int limit) {
    ThingJson json = json();
    List<Object> things = posts.stream().map(p -> (Object) json.post(p, store.countComments(p.id()))).toList();
    String after = posts.size() == limit ? posts.get(posts.size() - 1).fullname() : null;
    return ThingJson.listing(things, after);
  }

  private String title(SandboxComment c) {
    return store.findPost(bare(c.linkId())).map(SandboxPost::title).orElse("");
  }

  private long since(String t) {
    Duration window = switch (t == null ? "day" : t) {
      case "hour" -> Duration.ofHours(1);
      case "day" -> Duration.ofDays(1);
      case "week" -> Duration.ofDays(7);
      case "month" -> Duration.ofDays(30);
      case "year" -> Duration.ofDays(365);
      case "all" -> null;
      default -> throw new IllegalArgumentException("bad t: " + t);
    };
    return window == null ? 0 : time.now().minus(window).getEpochSecond();
  }

  private static Map<String, Object> apiError(String code, String message, String field) {
    return Map.of("json", Map.of("errors", List.of(List.of(code, message, field))));
  }

  private static String param(Context ctx, String name) {
    String query = ctx.queryParam(name);
    return query != null ? query : ctx.formParam(name);
  }

  private static int limit(Context ctx) {
    return intParam(ctx.queryParam("limit"), 25, 1, 100);
  }

  private static int intParam(String value, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + value);
    }
  }

  /** "t3_abc" -> "abc"; null stays null. */
  static String bare(String fullname) {
    if (fullname == null || fullname.isBlank()) {
      return null;
    }
    int underscore = fullname.indexOf('_');
    return underscore == 2 ? fullname.substring(3) : fullname;
  }
}
