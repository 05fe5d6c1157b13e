package subsim.bot.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import subsim.keywords.reddit.ImportSink;
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
 * comment under a post or comment skipped for any of these reasons, in any order: what a run drops is kept beside the
 * posts file ({@code FILE.dropped}, one fullname a line), so that comments imported in a later run (a month's
 * {@code RC_} file after its {@code RS_} file) are dropped with their post too.
 *
 * <p>The dumps are streamed twice, record by record: a first pass finds what is dropped and which comments answer
 * which, a second writes what is kept. Memory grows with the number of the subreddit's comments and kept ids (a few
 * strings each), not with the size of the files, so a multi-GB monthly Pushshift file can be filtered.
 */
public final class DumpImporter {

  /**
   * What one run added and left out; {@code skipped} counts by reason; {@code problems} are the first
   * {@link #PROBLEMS_KEPT} of {@code problemCount} bad records (a broken dump can have millions).
   */
  public record Result(int posts, int comments, Map<String, Integer> skipped, List<ImportProblem> problems,
      long problemCount) {

    public int skippedTotal() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static final int PROBLEMS_KEPT = 100;
  static final String ALREADY_WRITTEN = "already in the corpus";
  static final String DUPLICATE_POST = "duplicate post id";
  static final String DUPLICATE_COMMENT = "duplicate comment id";
  static final String OTHER_SUBREDDIT = "other subreddit";
  static final String NSFW_POST = "over_18 post";
  static final String BOT_POST = "bot's own post";
  static final String BOT_COMMENT = "bot's own comment";
  static final String UNDER_DROPPED = "under a dropped post or comment";
  static final String DROPPED_POST = "post dropped before (listed in .dropped) or removed in another copy";

  private final String subreddit;
  private final Path postsFile;
  private final Path commentsFile;
  private final Consumer<String> progress;
  private final boolean includeNsfw;
  private final Set<String> botNames;
  // over_18 posts are always read, so that their comments can be recognised and dropped with them.
  private final RedditImporter importer = new RedditImporter(true);

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
    Path droppedFile = postsFile.resolveSibling(postsFile.getFileName() + ".dropped");
    Set<String> droppedEarlier = readDropped(droppedFile);
    Survey survey = survey(dumps, droppedEarlier);
    Set<String> dropped = survey.droppedWithReplies();
    try (CorpusWriter out = new CorpusWriter(postsFile, commentsFile)) {
      Writing writing = new Writing(out, dropped);
      for (Path dump : dumps) {
        importer.stream(dump, writing);
        out.flush();
        progress.accept(dump + ": " + writing.read + " records read, " + writing.problemCount + " bad; "
            + writing.posts + " posts, " + writing.comments + " comments added so far");
      }
      appendDropped(droppedFile, dropped.stream().filter(name -> !droppedEarlier.contains(name)).sorted().toList());
      return new Result(writing.posts, writing.comments, Map.copyOf(writing.skipped), List.copyOf(writing.problems),
          writing.problemCount);
    }
  }

  private static Set<String> readDropped(Path file) {
    try {
      return Files.exists(file) ? new HashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new HashSet<>();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void appendDropped(Path file, List<String> fullnames) {
    if (fullnames.isEmpty()) {
      return;
    }
    try {
      Files.write(file, fullnames, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first pass, starting from what earlier runs dropped. */
  private Survey survey(List<Path> dumps, Set<String> droppedEarlier) {
    Survey survey = new Survey();
    survey.roots.addAll(droppedEarlier);
    for (Path dump : dumps) {
      importer.stream(dump, survey);
      progress.accept(dump + ": " + survey.records + " records surveyed so far");
    }
    return survey;
  }

  /**
   * What the first pass gathers: the posts and comments dropped for themselves (gone, NSFW, the bots'), and for every
   * comment of the subreddit the comment or post it answers, so that whole subtrees drop whatever the file order.
   */
  private final class Survey implements ImportSink {
    private final Set<String> roots = new HashSet<>();
    private final Map<String, List<String>> replies = new HashMap<>();
    private long records;

    @Override
    public void post(RedditPost post) {
      records++;
      if (ours(post.subreddit()) && (post.over18() && !includeNsfw || isBot(post.author()))) {
        roots.add(post.fullname());
      }
    }

    @Override
    public void comment(RedditComment comment) {
      records++;
      if (!ours(comment.subreddit())) {
        return;
      }
      replies.computeIfAbsent(comment.parentId(), k -> new ArrayList<>(1)).add(comment.fullname());
      if (isBot(comment.author())) {
        roots.add(comment.fullname());
      }
    }

    @Override
    public void skipped(String reason, String sub, String fullname) {
      records++;
      if (fullname != null && ours(sub)) {
        roots.add(fullname);
      }
    }

    @Override
    public void problem(ImportProblem problem) {
      records++;  // reported by the second pass
    }

    /** The dropped posts and comments and every comment under them, at any depth. */
    Set<String> droppedWithReplies() {
      Set<String> dropped = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>(roots);
      while (!todo.isEmpty()) {
        String fullname = todo.pop();
        if (dropped.add(fullname)) {
          todo.addAll(replies.getOrDefault(fullname, List.of()));
        }
      }
      return dropped;
    }
  }

  /** The second pass: writes what is kept, counting what is not. */
  private final class Writing implements ImportSink {
    private final CorpusWriter out;
    private final Set<String> dropped;
    /** Ids met in this run that passed every other rule: a second record with one is a duplicate. */
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    private long problemCount;
    private int posts;
    private int comments;
    private long read;

    Writing(CorpusWriter out, Set<String> dropped) {
      this.out = out;
      this.dropped = dropped;
    }

    @Override
    public void post(RedditPost raw) {
      read++;
      RedditPost post = withIdAndSubreddit(raw);
      String reason = !post.subreddit().equalsIgnoreCase(subreddit) ? OTHER_SUBREDDIT
          : post.over18() && !includeNsfw ? NSFW_POST
          : isBot(post.author()) ? BOT_POST
          // Its comments are dropped with it: a post kept without them would be a thread cut off at the root.
          : dropped.contains(post.fullname()) ? DROPPED_POST
          : !raw.id().isEmpty() && !seen.add(post.id()) ? DUPLICATE_POST  // id-less posts: a content id, see below
          : out.contains(post.id()) ? ALREADY_WRITTEN : null;
      if (keep(reason)) {
        out.write(post);
        posts++;
      }
    }

    @Override
    public void comment(RedditComment comment) {
      read++;
      String reason = !ours(comment.subreddit()) ? OTHER_SUBREDDIT
          : isBot(comment.author()) ? BOT_COMMENT
          : dropped.contains(comment.fullname()) || dropped.contains(comment.linkId()) ? UNDER_DROPPED
          : !seen.add(comment.id()) ? DUPLICATE_COMMENT
          : out.contains(comment.id()) ? ALREADY_WRITTEN : null;
      if (keep(reason)) {
        out.write(comment.subreddit().isEmpty() ? new RedditComment(subreddit, comment.id(), comment.linkId(),
            comment.parentId(), comment.body(), comment.score(), comment.createdUtc(), comment.author()) : comment);
        comments++;
      }
    }

    @Override
    public void skipped(String reason, String sub, String fullname) {
      read++;
      keep(reason);
    }

    @Override
    public void problem(ImportProblem problem) {
      read++;
      if (problemCount++ < PROBLEMS_KEPT) {
        problems.add(problem);
      }
    }

    /** True for no reason; a reason is counted. */
    private boolean keep(String reason) {
      if (reason == null) {
        return true;
      }
      skipped.merge(reason, 1, Integer::sum);
      return false;
    }
  }

  /** A comment or skipped record without a subreddit (some CSV exports) is taken to be of the requested one. */
  private boolean ours(String sub) {
    return sub.isEmpty() || sub.equalsIgnoreCase(subreddit);
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
          .digest((subreddit.toLowerCase(Locale.ROOT) + "\n" + title + "\n" + selftext).getBytes(StandardCharsets.UTF_8));
      return "h_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
