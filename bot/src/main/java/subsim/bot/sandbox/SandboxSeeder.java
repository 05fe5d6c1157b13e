package subsim.bot.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import subsim.db.sandbox.SandboxComment;
import subsim.db.sandbox.SandboxPost;
import subsim.db.sandbox.SandboxStore;

/**
 * Fills the sandbox with real Reddit data in the JSON Lines format of {@code shared/data/reddit} (posts and comments
 * records). Those records carry no author, so seeded items get {@code author}. Ids already stored are skipped.
 */
public final class SandboxSeeder {

  /** How many new posts and comments one file brought. */
  public record Seeded(int posts, int comments) {}

  private enum Added { POST, COMMENT, NOTHING }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SandboxStore store;
  private final String author;

  public SandboxSeeder(SandboxStore store, String author) {
    this.store = store;
    this.author = author;
  }

  /**
   * Seeds every record of {@code file}, posts and comments mixed in any order: a record with a {@code link_id} is a
   * comment, one with a {@code title} a post.
   */
  public Seeded seed(Path file) {
    return eachLine(file, null, (record, where) -> {
      if (record.has("link_id")) {
        return addComment(record);
      }
      if (record.has("title")) {
        return addPost(record);
      }
      throw new IllegalArgumentException(where + ": neither a post (no title) nor a comment (no link_id)");
    });
  }

  /** Seeds the posts of {@code file} (of {@code subreddit} only, unless null); returns how many were new. */
  public int seedPosts(Path file, String subreddit) {
    return eachLine(file, subreddit, (record, where) -> addPost(record)).posts();
  }

  /** Seeds the comments of {@code file} (of {@code subreddit} only, unless null); returns how many were new. */
  public int seedComments(Path file, String subreddit) {
    return eachLine(file, subreddit, (record, where) -> addComment(record)).comments();
  }

  private Added addPost(JsonNode n) {
    if (store.findPost(n.path("id").asText()).isPresent()) {
      return Added.NOTHING;
    }
    store.insertPost(new SandboxPost(n.path("id").asText(), n.path("subreddit").asText(), author,
        n.path("title").asText(), n.path("selftext").asText(""), null, n.path("score").asLong(),
        n.path("created_utc").asLong(), n.path("over_18").asBoolean(false)));
    return Added.POST;
  }

  private Added addComment(JsonNode n) {
    if (store.findComment(n.path("id").asText()).isPresent()) {
      return Added.NOTHING;
    }
    store.insertComment(new SandboxComment(n.path("id").asText(), n.path("subreddit").asText(), author,
        n.path("link_id").asText(), n.path("parent_id").asText(), n.path("body").asText(),
        n.path("score").asLong(), n.path("created_utc").asLong()));
    return Added.COMMENT;
  }

  private interface LineAction {
    /** Stores {@code record} (found at {@code where}, i.e. file:line) if new and says what it added. */
    Added apply(JsonNode record, String where);
  }

  private static Seeded eachLine(Path file, String subreddit, LineAction action) {
    int posts = 0;
    int comments = 0;
    int lineNumber = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = JSON.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ":" + lineNumber + ": not JSON: " + e.getMessage(), e);
        }
        if (!record.hasNonNull("id")) {
          throw new IllegalArgumentException(file + ":" + lineNumber + ": missing field id");
        }
        if (subreddit == null || subreddit.equalsIgnoreCase(record.path("subreddit").asText())) {
          switch (action.apply(record, file + ":" + lineNumber)) {
            case POST -> posts++;
            case COMMENT -> comments++;
            case NOTHING -> { }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return new Seeded(posts, comments);
  }
}
