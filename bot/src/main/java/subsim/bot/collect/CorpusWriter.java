package subsim.bot.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
  private final Path postsFile;
  private final Path commentsFile;
  private final BufferedWriter posts;
  private final BufferedWriter comments;

  CorpusWriter(Path postsFile, Path commentsFile) {
    this.postsFile = postsFile;
    this.commentsFile = commentsFile;
    boolean postCut = readIds(postsFile);
    boolean commentCut = readIds(commentsFile);
    posts = open(postsFile, postCut);
    comments = open(commentsFile, commentCut);
  }

  boolean contains(String id) {
    return ids.contains(id);
  }

  void write(RemotePost p) {
    append(posts, postsFile, p.id(), post(p.subreddit(), p.id(), p.title(), p.selftext(), p.score(), p.createdUtc()));
  }

  void write(RedditPost p) {
    append(posts, postsFile, p.id(), post(p.subreddit(), p.id(), p.title(), p.selftext(), p.score(), p.createdUtc()));
  }

  void write(RemoteComment c) {
    append(comments, commentsFile, c.id(),
        comment(c.subreddit(), c.id(), c.linkId(), c.parentId(), c.body(), c.score(), c.createdUtc()));
  }

  void write(RedditComment c) {
    append(comments, commentsFile, c.id(),
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
    flush(comments, commentsFile);
    flush(posts, postsFile);
  }

  private static void flush(BufferedWriter out, Path file) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void append(BufferedWriter out, Path file, String id, Map<String, Object> record) {
    if (!ids.add(id)) {
      return;
    }
    try {
      out.write(JSON.writeValueAsString(record));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the ids of a corpus file into {@link #ids}. A line that starts a JSON object ({) but
   * does not parse is a record an interrupted run cut short (fetched again, so passed over); any other unreadable
   * line means the file is not a corpus this writer wrote, and appending to it would hide that.
   *
   * @return whether the last line is such a cut record without its newline
   */
  private boolean readIds(Path file) {
    if (!Files.exists(file)) {
      return false;
    }
    int lineNumber = 0;
    int cut = 0;
    // Lenient decoding: a character cut in half by an interrupted write must not stop the run.
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte-order mark from an editor
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode id;
        try {
          id = JSON.readTree(line).get("id");
        } catch (IOException e) {
          if (!line.startsWith("{")) {
            throw notARecord(file, lineNumber);
          }
          cut = lineNumber;
          continue;
        }
        if (id == null) {
          throw new IllegalArgumentException(file + ":" + lineNumber + ": record without an id");
        }
        ids.add(id.asText());
      }
      return cut > 0 && cut == lineNumber && !endsWithNewline(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException notARecord(Path file, int line) {
    return new IllegalArgumentException(file + ":" + line + ": not a JSON record, so not a corpus file to add to");
  }

  /**
   * Opens {@code file} for appending. A last line an interrupted run left without its newline is cut off when it is
   * not a whole record ({@code cutRecord}: it is fetched again), and ended with its newline when it is.
   */
  private static BufferedWriter open(Path file, boolean cutRecord) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean endsMidLine = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
      if (cutRecord) {
        truncateAfterLastNewline(file);
      }
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (endsMidLine && !cutRecord) {
        out.write('\n');
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static void truncateAfterLastNewline(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long keep = channel.size();
      while (keep > 0) {
        one.clear();
        channel.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      channel.truncate(keep);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (var channel = Files.newByteChannel(file)) {
      channel.position(channel.size() - 1);
      var last = ByteBuffer.allocate(1);
      channel.read(last);
      return last.get(0) == '\n';
    }
  }

  @Override
  public void close() {
    flush();
    close(posts, postsFile);
    close(comments, commentsFile);
  }

  private static void close(BufferedWriter out, Path file) {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
