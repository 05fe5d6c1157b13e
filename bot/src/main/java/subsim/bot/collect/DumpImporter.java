package subsim.bot.collect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import subsim.keywords.reddit.ImportProblem;
import subsim.keywords.reddit.ImportResult;
import subsim.keywords.reddit.RedditComment;
import subsim.keywords.reddit.RedditImporter;
import subsim.keywords.reddit.RedditPost;

/**
 * Adds offline dumps (Pushshift JSON Lines, BigQuery or other CSV exports, raw API responses) to a subreddit corpus,
 * through the same writer as {@link Collector}, so an item already in the corpus is never written again.
 *
 * <p>Parsing and the content rules of {@link RedditImporter} apply (bad lines reported with file and line;
 * {@code [deleted]}/{@code [removed]} and over_18 items skipped); on top, items of another subreddit are skipped.
 */
public final class DumpImporter {

  /** What one run added and left out; {@code skipped} counts by reason. */
  public record Result(int posts, int comments, Map<String, Integer> skipped, List<ImportProblem> problems) {

    public int skippedTotal() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static final String ALREADY_WRITTEN = "already in the corpus";
  static final String OTHER_SUBREDDIT = "other subreddit";

  private final String subreddit;
  private final Path postsFile;
  private final Path commentsFile;
  private final Consumer<String> progress;
  private final RedditImporter importer = new RedditImporter();

  public DumpImporter(String subreddit, Path postsFile, Path commentsFile, Consumer<String> progress) {
    this.subreddit = subreddit;
    this.postsFile = postsFile;
    this.commentsFile = commentsFile;
    this.progress = progress;
  }

  /** Imports the dumps in order; all are checked to exist first, so a typo costs nothing. */
  public Result run(List<Path> dumps) {
    for (Path dump : dumps) {
      if (!Files.isRegularFile(dump)) {
        throw new IllegalArgumentException(dump + ": no such file");
      }
    }
    Map<String, Integer> skipped = new TreeMap<>();
    List<ImportProblem> problems = new ArrayList<>();
    int posts = 0;
    int comments = 0;
    try (CorpusWriter out = new CorpusWriter(postsFile, commentsFile)) {
      for (Path dump : dumps) {
        // One file at a time: memory stays bounded by the largest dump, and progress is reported per file.
        ImportResult read = importer.read(dump);
        read.skipped().forEach((reason, n) -> skipped.merge(reason, n, Integer::sum));
        problems.addAll(read.problems());
        for (RedditPost post : read.posts()) {
          posts += add(out, withIdAndSubreddit(post), skipped) ? 1 : 0;
        }
        for (RedditComment comment : read.comments()) {
          comments += add(out, comment, skipped) ? 1 : 0;
        }
        out.flush();
        progress.accept(dump + ": " + read.posts().size() + " posts, " + read.comments().size() + " comments read, "
            + read.problems().size() + " bad; " + posts + " posts, " + comments + " comments added so far");
      }
    }
    return new Result(posts, comments, Map.copyOf(skipped), List.copyOf(problems));
  }

  private boolean add(CorpusWriter out, RedditPost post, Map<String, Integer> skipped) {
    String reason = !post.subreddit().equalsIgnoreCase(subreddit) ? OTHER_SUBREDDIT
        : out.contains(post.id()) ? ALREADY_WRITTEN : null;
    if (reason != null) {
      skipped.merge(reason, 1, Integer::sum);
      return false;
    }
    out.write(post);
    return true;
  }

  private boolean add(CorpusWriter out, RedditComment comment, Map<String, Integer> skipped) {
    String reason = !comment.subreddit().isEmpty() && !comment.subreddit().equalsIgnoreCase(subreddit)
        ? OTHER_SUBREDDIT : out.contains(comment.id()) ? ALREADY_WRITTEN : null;
    if (reason != null) {
      skipped.merge(reason, 1, Integer::sum);
      return false;
    }
    out.write(comment.subreddit().isEmpty() ? new RedditComment(subreddit, comment.id(), comment.linkId(),
        comment.parentId(), comment.body(), comment.score(), comment.createdUtc()) : comment);
    return true;
  }

  /**
   * A source without a subreddit column (the umbrae CSVs) is taken to be the requested subreddit. A post without an
   * id (the seed's BigQuery query selects only subreddit and title) gets one from its text, so that a second run
   * recognises it; the '_' in it never occurs in a Reddit id.
   */
  private RedditPost withIdAndSubreddit(RedditPost p) {
    String sub = p.subreddit().isEmpty() ? subreddit : p.subreddit();
    String id = p.id().isEmpty() ? contentId(sub, p.title(), p.selftext()) : p.id();
    return new RedditPost(sub, id, p.title(), p.selftext(), p.score(), p.createdUtc());
  }

  static String contentId(String subreddit, String title, String selftext) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((subreddit.toLowerCase() + "\n" + title + "\n" + selftext).getBytes(StandardCharsets.UTF_8));
      return "h_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
