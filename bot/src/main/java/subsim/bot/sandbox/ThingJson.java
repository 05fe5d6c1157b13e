package subsim.bot.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import subsim.db.sandbox.SandboxComment;
import subsim.db.sandbox.SandboxPost;

/** Reddit's JSON shapes (things, listings, {@code more} stubs), with the fields JRAW's models require. */
final class ThingJson {

  private final String baseUrl;

  ThingJson(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static Map<String, Object> thing(String kind, Map<String, Object> data) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", kind);
    t.put("data", data);
    return t;
  }

  static Map<String, Object> listing(List<?> children, String after) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("modhash", "");
    data.put("dist", children.size());
    data.put("children", children);
    data.put("after", after);
    data.put("before", null);
    return thing("Listing", data);
  }

  static String permalink(SandboxPost p) {
    return "/r/" + p.subreddit() + "/comments/" + p.id() + "/" + slug(p.title()) + "/";
  }

  String url(SandboxPost p) {
    return baseUrl + permalink(p);
  }

  Map<String, Object> post(SandboxPost p, long commentCount) {
    Map<String, Object> d = common(p.id(), "t3_", p.subreddit(), p.author(), p.score(), p.createdUtc());
    d.put("title", p.title());
    d.put("selftext", p.selftext());
    d.put("selftext_html", null);
    d.put("domain", "self." + p.subreddit());
    d.put("is_self", true);
    d.put("url", url(p));
    d.put("permalink", permalink(p));
    d.put("num_comments", commentCount);
    d.put("over_18", p.over18());
    d.put("link_flair_text", p.flairText());
    d.put("link_flair_css_class", null);
    d.put("thumbnail", "self");
    d.put("post_hint", "self");
    d.put("upvote_ratio", 1.0);
    d.put("hidden", false);
    d.put("hide_score", false);
    d.put("locked", false);
    d.put("quarantine", false);
    d.put("spoiler", false);
    d.put("spam", false);
    d.put("removed", false);
    d.put("contest_mode", false);
    d.put("visited", false);
    d.put("clicked", false);
    d.put("suggested_sort", null);
    d.put("num_reports", null);
    d.put("media", null);
    d.put("secure_media", null);
    d.put("media_embed", Map.of());
    return thing("t3", d);
  }

  /** A comment; {@code replies} is a Listing of its rendered replies, or "" as Reddit sends for none. */
  Map<String, Object> comment(SandboxComment c, String linkTitle, Object replies) {
    Map<String, Object> d = common(c.id(), "t1_", c.subreddit(), c.author(), c.score(), c.createdUtc());
    d.put("body", c.body());
    d.put("body_html", null);
    d.put("link_id", c.linkId());
    d.put("parent_id", c.parentId());
    d.put("link_title", linkTitle);
    d.put("link_url", null);
    d.put("replies", replies);
    d.put("controversiality", 0);
    d.put("score_hidden", false);
    d.put("subreddit_type", "public");
    d.put("permalink", "/r/" + c.subreddit() + "/comments/" + c.linkId().substring(3) + "/_/" + c.id() + "/");
    d.put("depth", null);
    return thing("t1", d);
  }

  /** A "load more comments" stub naming the ids not sent. */
  static Map<String, Object> more(String parentId, List<String> childIds) {
    Map<String, Object> d = new LinkedHashMap<>();
    String id = childIds.isEmpty() ? "_" : childIds.get(0);
    d.put("count", childIds.size());
    d.put("name", "t1_" + id);
    d.put("id", id);
    d.put("parent_id", parentId);
    d.put("depth", 0);
    d.put("children", childIds);
    return thing("more", d);
  }

  private static Map<String, Object> common(
      String id, String prefix, String subreddit, String author, long score, long createdUtc) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", id);
    d.put("name", prefix + id);
    d.put("subreddit", subreddit);
    d.put("subreddit_id", "t5_" + Long.toString(Math.abs((long) subreddit.toLowerCase(Locale.ROOT).hashCode()), 36));
    d.put("author", author);
    d.put("author_flair_text", null);
    d.put("score", score);
    d.put("ups", score);
    d.put("downs", 0);
    d.put("likes", null);
    d.put("created", (double) createdUtc);
    d.put("created_utc", (double) createdUtc);
    d.put("edited", false);
    d.put("distinguished", null);
    d.put("gilded", 0);
    d.put("gildings", Map.of());
    d.put("can_gild", true);
    d.put("archived", false);
    d.put("saved", false);
    d.put("stickied", false);
    return d;
  }

  private static String slug(String title) {
    String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return s.isEmpty() ? "_" : s.substring(0, Math.min(50, s.length()));
  }
}
