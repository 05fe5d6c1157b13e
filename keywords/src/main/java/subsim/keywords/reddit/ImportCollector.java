package subsim.keywords.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns raw records of any source into posts and comments, counting what it skips and what is bad. */
final class ImportCollector {

  private final List<RedditPost> posts = new ArrayList<>();
  private final List<RedditComment> comments = new ArrayList<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private final List<ImportProblem> problems = new ArrayList<>();
  private final Set<String> seenIds = new HashSet<>();
  private final boolean keepOver18;

  /** @param keepOver18 whether over_18 (NSFW) posts are kept rather than skipped */
  ImportCollector(boolean keepOver18) {
    this.keepOver18 = keepOver18;
  }

  /** A post (it has a title) or a comment (it has a body); anything else is a problem. */
  void record(JsonNode node, Path file, long line, String where) {
    if (!node.isObject()) {
      problem(file, line, where + "not a JSON object");
    } else if (node.hasNonNull("title")) {
      post(node, file, line, where);
    } else if (node.hasNonNull("body")) {
      comment(node, file, line, where);
    } else {
      problem(file, line, where + "neither a post (no \"title\") nor a comment (no \"body\")");
    }
  }

  void post(JsonNode node, Path file, long line, String where) {
    try {
      String title = RedditText.unescape(requiredText(node, "title"));
      String selftext = RedditText.unescape(text(node, "selftext"));
      String id = bareId(text(node, "id"));
      boolean over18 = isTrue(node, "over_18");
      if (over18 && !keepOver18) {
        skip("over_18 post");
      } else if (RedditText.isGone(title) || RedditText.isGone(selftext)) {
        skip("[deleted]/[removed] post");
      } else if (!id.isEmpty() && !seenIds.add("t3_" + id)) {
        skip("duplicate post id");
      } else {
        posts.add(new RedditPost(text(node, "subreddit"), id, title, selftext, number(node, "score"),
            number(node, "created_utc"), over18, author(node)));
      }
    } catch (IllegalArgumentException e) {
      problem(file, line, where + e.getMessage());
    }
  }

  void comment(JsonNode node, Path file, long line, String where) {
    try {
      String body = RedditText.unescape(requiredText(node, "body"));
      String id = bareId(requiredText(node, "id"));
      String linkId = requiredText(node, "link_id");
      String parentId = requiredText(node, "parent_id");
      if (RedditText.isGone(body)) {
        skip("[deleted]/[removed] comment");
      } else if (!seenIds.add("t1_" + id)) {
        skip("duplicate comment id");
      } else {
        comments.add(new RedditComment(text(node, "subreddit"), id, linkId, parentId, body, number(node, "score"),
            number(node, "created_utc"), author(node)));
      }
    } catch (IllegalArgumentException e) {
      problem(file, line, where + e.getMessage());
    }
  }

  void skip(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }

  void problem(Path file, long line, String message) {
    problems.add(new ImportProblem(file, line, message));
  }

  ImportResult result() {
    return new ImportResult(posts, comments, skipped, problems);
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException("missing field \"" + field + "\"");
    }
    return value.asText();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
  }

  /** Null when the source has no author (no field, JSON null, or an empty CSV cell). */
  private static String author(JsonNode node) {
    String author = text(node, "author").strip();
    return author.isEmpty() ? null : author;
  }

  /** Integer seconds or counts; the API writes created_utc as 1457000000.0 and CSV as text. */
  private static long number(JsonNode node, String field) {
    String text = text(node, field).strip();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return (long) Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field \"" + field + "\" is not a number: " + text);
    }
  }

  /** JSON gives a boolean, CSV the text "True"/"False". */
  private static boolean isTrue(JsonNode node, String field) {
    return Boolean.parseBoolean(text(node, field).strip());
  }

  private static String bareId(String id) {
    return id.length() > 3 && id.charAt(0) == 't' && id.charAt(2) == '_' ? id.substring(3) : id;
  }
}
