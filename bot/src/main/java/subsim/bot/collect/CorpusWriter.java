package subsim.bot.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import subsim.bot.reddit.RemoteComment;
import subsim.bot.reddit.RemotePost;
import subsim.keywords.reddit.RedditComment;
import subsim.keywords.reddit.RedditPost;

/**
 * Appends posts and comments as JSON Lines in the format of {@code shared/data/reddit}, remembering every id already
 * in the files so that nothing is written twice, across runs too.
 */
final class CorpusWriter implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> ids = new HashSet<>();
  private final BufferedWriter posts;
  private final BufferedWriter comments;

  CorpusWriter(Path postsFile, Path commentsFile) {
    readIds(postsFile);
    readIds(commentsFile);
    posts = open(postsFile);
    comments = open(commentsFile);
  }

  boolean contains(String id) {
    return ids.contains(id);
  }

  void write(RemotePost p) {
    append(posts, p.id(), post(p.subreddit(), p.id(), p.title(), p.selftext(), p.score(), p.createdUtc()));
  }

  void write(RedditPost p) {
    append(posts, p.id(), post(p.subreddit(), p.id(), p.title(), p.selftext(), p.score(), p.createdUtc()));
  }

  void write(RemoteComment c) {
    append(comments, c.id(),
        comment(c.subreddit(), c.id(), c.linkId(), c.parentId(), c.body(), c.score(), c.createdUtc()));
  }

  void write(RedditComment c) {
    append(comments, c.id(),
        comment(c.subreddit(), c.id(), c.linkId(), c.parentId(), c.body(), c.score(), c.createdUtc()));
  }

  private static Map<String, Object> post(String subreddit, String id, String title, String selftext, long score,
      long createdUtc) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("subreddit", subreddit);
    r.put("id", id);
    r.put("title", title);
    r.put("selftext", selftext);
    r.put("score", score);
    r.put("created_utc", createdUtc);
    return r;
  }

  private static Map<String, Object> comment(String subreddit, String id, String linkId, String parentId, String body,
      long score, long createdUtc) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("subreddit", subreddit);
    r.put("id", id);
    r.put("link_id", linkId);
    r.put("parent_id", parentId);
    r.put("body", body);
    r.put("score", score);
    r.put("created_utc", createdUtc);
    return r;
  }

  /** Pushes written lines to disk: called after each post so an interruption loses at most one post's work. */
  void flush() {
    try {
      comments.flush();
      posts.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(BufferedWriter out, String id, Map<String, Object> record) {
    if (!ids.add(id)) {
      return;
    }
    try {
      out.write(JSON.writeValueAsString(record));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readIds(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    int lineNumber = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode id;
        try {
          id = JSON.readTree(line).get("id");
        } catch (IOException e) {
          // A line cut short by an interrupted run: the item is fetched again and written whole.
          continue;
        }
        if (id == null) {
          throw new IllegalArgumentException(file + ":" + lineNumber + ": record without an id");
        }
        ids.add(id.asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static BufferedWriter open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean endsMidLine = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (endsMidLine) {
        out.write('\n');  // close a line an interrupted run left open, so the next record starts on its own line
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (var channel = Files.newByteChannel(file)) {
      channel.position(channel.size() - 1);
      var last = java.nio.ByteBuffer.allocate(1);
      channel.read(last);
      return last.get(0) == '\n';
    }
  }

  @Override
  public void close() {
    flush();
    try {
      posts.close();
      comments.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
