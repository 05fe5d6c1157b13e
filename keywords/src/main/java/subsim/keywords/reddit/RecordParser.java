package subsim.keywords.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Turns raw records of any source into posts and comments for a {@link ImportSink}, applying the content rules
 * (deleted, removed, over_18) and reporting bad records. It keeps nothing between records.
 */
final class RecordParser {

  private final ImportSink sink;
  private final boolean keepOver18;

  /** @param keepOver18 whether over_18 (NSFW) posts are kept rather than skipped */
  RecordParser(ImportSink sink, boolean keepOver18) {
    this.sink = sink;
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
      String subreddit = text(node, "subreddit");
      String fullname = id.isEmpty() ? null : "t3_" + id;
      boolean over18 = isTrue(node, "over_18");
      if (title.isBlank()) {
        problem(file, line, where + "empty \"title\"");
      } else if (over18 && !keepOver18) {
        sink.skipped("over_18 post", subreddit, fullname);
      } else if (RedditText.isGone(title) || RedditText.isGone(selftext)) {
        sink.skipped("[deleted]/[removed] post", subreddit, fullname);
      } else {
        sink.post(new RedditPost(subreddit, id, title, selftext, number(node, "score"),
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
      // A bare id would make the comment an orphan top-level one, silently: threads are joined on fullnames.
      if (!linkId.startsWith("t3_")) {
        throw new IllegalArgumentException("\"link_id\" is not a post's fullname (t3_...): " + linkId);
      }
      if (!parentId.startsWith("t1_") && !parentId.startsWith("t3_")) {
        throw new IllegalArgumentException("\"parent_id\" is not a fullname (t1_... or t3_...): " + parentId);
      }
      String subreddit = text(node, "subreddit");
      if (body.isBlank()) {
        problem(file, line, where + "empty \"body\"");
      } else if (RedditText.isGone(body)) {
        sink.skipped("[deleted]/[removed] comment", subreddit, "t1_" + id);
      } else {
        sink.comment(new RedditComment(subreddit, id, linkId, parentId, body, number(node, "score"),
            number(node, "created_utc"), author(node)));
      }
    } catch (IllegalArgumentException e) {
      problem(file, line, where + e.getMessage());
    }
  }

  /** A record without an id of its own left out on purpose. */
  void skip(String reason) {
    sink.skipped(reason, "", null);
  }

  void problem(Path file, long line, String message) {
    sink.problem(new ImportProblem(file, line, message));
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException("missing field \"" + field + "\"");
    }
    return RedditText.wellFormed(value.asText());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? "" : RedditText.wellFormed(value.asText());
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
