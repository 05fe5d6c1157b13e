package subsim.bot.collect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * {@code [deleted]}/{@code [removed]} items skipped); on top, as {@link Collector} does online, items of another
 * subreddit, over_18 posts (unless asked for), and the bots' own posts and comments are skipped, and so is every
 * comment under a post or comment skipped for being NSFW or the bots' (in this run's dumps, in any order).
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
  static final String NSFW_POST = "over_18 post";
  static final String BOT_POST = "bot's own post";
  static final String BOT_COMMENT = "bot's own comment";
  static final String UNDER_DROPPED = "under a dropped post or comment";

  private final String subreddit;
  private final Path postsFile;
  private final Path commentsFile;
  private final Consumer<String> progress;
  private final boolean includeNsfw;
  private final Set<String> botNames;
  // over_18 posts are always read, so that their comments can be recognised and dropped with them.
  private final RedditImporter importer = new RedditImporter(true);
  /** Fullnames of the posts and comments dropped with their threads in this run. */
  private final Set<String> dropped = new HashSet<>();

  /** An importer that drops NSFW posts and knows no bots. */
  public DumpImporter(String subreddit, Path postsFile, Path commentsFile, Consumer<String> progress) {
    this(subreddit, postsFile, commentsFile, false, Set.of(), progress);
  }

  /**
   * @param includeNsfw keep over_18 posts and their comments
   * @param botNames accounts (any case) whose posts and comments, with the comments under them, are never imported
   */
  public DumpImporter(String subreddit, Path postsFile, Path commentsFile, boolean includeNsfw, Set<String> botNames,
      Consumer<String> progress) {
    this.subreddit = subreddit;
    this.postsFile = postsFile;
    this.commentsFile = commentsFile;
    this.includeNsfw = includeNsfw;
    this.botNames = Set.copyOf(botNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    this.progress = progress;
  }

  /** Imports the dumps in order; all are checked to exist first, so a typo costs nothing. */
  public Result run(List<Path> dumps) {
    for (Path dump : dumps) {
      if (!Files.isRegularFile(dump)) {
        throw new IllegalArgumentException(dump + ": no such file");
      }
    }
    dropped.clear();
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
        Set<String> under = underDropped(read.comments());
        for (RedditComment comment : read.comments()) {
          comments += add(out, comment, under, skipped) ? 1 : 0;
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
        : post.over18() && !includeNsfw ? NSFW_POST
        : isBot(post.author()) ? BOT_POST
        : out.contains(post.id()) ? ALREADY_WRITTEN : null;
    if (NSFW_POST.equals(reason) || BOT_POST.equals(reason)) {
      dropped.add(post.fullname());
    }
    if (reason != null) {
      skipped.merge(reason, 1, Integer::sum);
      return false;
    }
    out.write(post);
    return true;
  }

  /** @param under the fullnames of this dump's comments that lie under a dropped post or comment */
  private boolean add(CorpusWriter out, RedditComment comment, Set<String> under, Map<String, Integer> skipped) {
    String reason = !comment.subreddit().isEmpty() && !comment.subreddit().equalsIgnoreCase(subreddit)
        ? OTHER_SUBREDDIT
        : isBot(comment.author()) ? BOT_COMMENT
        : under.contains(comment.fullname()) ? UNDER_DROPPED
        : out.contains(comment.id()) ? ALREADY_WRITTEN : null;
    if (BOT_COMMENT.equals(reason) || UNDER_DROPPED.equals(reason)) {
      dropped.add(comment.fullname());
    }
    if (reason != null) {
      skipped.merge(reason, 1, Integer::sum);
      return false;
    }
    out.write(comment.subreddit().isEmpty() ? new RedditComment(subreddit, comment.id(), comment.linkId(),
        comment.parentId(), comment.body(), comment.score(), comment.createdUtc(), comment.author()) : comment);
    return true;
  }

  /**
   * The comments of a dump that hang, at any depth, under a dropped post, a dropped comment or a bot's comment
   * (bot comments included). Walked from the roots, because a dump need not list a parent before its replies.
   */
  private Set<String> underDropped(List<RedditComment> comments) {
    Map<String, List<String>> replies = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>();
    for (RedditComment c : comments) {
      replies.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c.fullname());
      if (dropped.contains(c.linkId()) || dropped.contains(c.parentId()) || isBot(c.author())) {
        todo.add(c.fullname());
      }
    }
    Set<String> under = new HashSet<>();
    while (!todo.isEmpty()) {
      String fullname = todo.pop();
      if (under.add(fullname)) {
        todo.addAll(replies.getOrDefault(fullname, List.of()));
      }
    }
    return under;
  }

  private boolean isBot(String author) {
    return author != null && botNames.contains(author.toLowerCase(Locale.ROOT));
  }

  /**
   * A source without a subreddit column (the umbrae CSVs) is taken to be the requested subreddit. A post without an
   * id (the seed's BigQuery query selects only subreddit and title) gets one from its text, so that a second run
   * recognises it; the '_' in it never occurs in a Reddit id.
   */
  private RedditPost withIdAndSubreddit(RedditPost p) {
    String sub = p.subreddit().isEmpty() ? subreddit : p.subreddit();
    String id = p.id().isEmpty() ? contentId(sub, p.title(), p.selftext()) : p.id();
    return new RedditPost(sub, id, p.title(), p.selftext(), p.score(), p.createdUtc(), p.over18(), p.author());
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
