package subsim.bot.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import subsim.bot.reddit.ListingPage;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RemoteComment;
import subsim.bot.reddit.RemotePost;
import subsim.bot.reddit.RemoteThread;
import subsim.bot.reddit.SubredditReader;
import subsim.keywords.reddit.RedditText;

/**
 * Builds a subreddit corpus from its listing: each new post with its top comments, written as JSON Lines.
 *
 * <p>Resumable: the listing cursor is saved after each finished page, and items already in the files are skipped,
 * so an interrupted run continues where it stopped and a later run adds only what is new. A post's comments are
 * written before the post itself, so a post in the file always has its comments.
 */
public final class Collector {

  /** Result of one run. */
  public record Result(int posts, int comments, int skipped, boolean listingFinished) {}

  /** Comment pages are asked for this deep; the K-comment cap bounds the size, not the depth. */
  private static final int COMMENT_DEPTH = 10;
  /** The most comments Reddit returns for one thread request. */
  private static final int MAX_COMMENTS_ASKED = 500;

  private final SubredditReader reader;
  private final CollectOptions options;
  private final Consumer<String> progress;
  private final BooleanSupplier stopRequested;

  public Collector(SubredditReader reader, CollectOptions options, Consumer<String> progress) {
    this(reader, options, progress, () -> false);
  }

  /** A collector that ends early, as at the limit, once {@code stopRequested} says so (the service shutting down). */
  public Collector(SubredditReader reader, CollectOptions options, Consumer<String> progress,
      BooleanSupplier stopRequested) {
    this.reader = reader;
    this.options = options;
    this.progress = progress;
    this.stopRequested = stopRequested;
  }

  public Result run() {
    int posts = 0;
    int comments = 0;
    int skipped = 0;
    String after = readCursor();
    try (CorpusWriter out = new CorpusWriter(options.postsFile(), options.commentsFile())) {
      while (true) {
        ListingPage page = reader.page(options.sort(), options.time(), after, options.pageSize());
        for (RemotePost post : page.posts()) {
          if (reachedSince(post)) {
            report(posts, comments, skipped, ", reached --since " + options.sinceId());
            finish();
            return new Result(posts, comments, skipped, true);
          }
          if (posts >= options.limit() || stopRequested.getAsBoolean()) {
            report(posts, comments, skipped, posts >= options.limit() ? ", stopped at the limit" : ", stopped");
            return new Result(posts, comments, skipped, false);  // cursor stays at this page's start
          }
          if (out.contains(post.id()) || atOrBelowSince(post) || !wanted(post)) {
            skipped++;
            continue;
          }
          List<RemoteComment> kept = comments(post, out);
          kept.forEach(out::write);
          out.write(post);
          out.flush();
          posts++;
          comments += kept.size();
        }
        after = page.after();
        report(posts, comments, skipped, after == null ? ", end of listing" : "");
        if (after == null) {
          finish();
          return new Result(posts, comments, skipped, true);
        }
        saveCursor(after);
      }
    }
  }

  private void report(int posts, int comments, int skipped, String end) {
    progress.accept("r/" + options.subreddit() + ": " + posts + " posts, " + comments + " comments written, "
        + skipped + " skipped" + end);
  }

  private boolean wanted(RemotePost post) {
    return !RedditText.isGone(post.title()) && !RedditText.isGone(post.selftext()) && !RedditText.isGone(post.author())
        && (options.includeNsfw() || !post.over18()) && !isBot(post.author());
  }

  /**
   * The K best comments by score, each with its parent, in the thread's order (parents first). They are chosen as
   * Reddit chooses a thread's comments: the best whose parent is in, one at a time. A deleted, removed or bot
   * comment is dropped with its replies, and twice K are asked for so that those do not leave the post short.
   */
  private List<RemoteComment> comments(RemotePost post, CorpusWriter out) {
    int wanted = options.commentsPerPost();
    if (wanted == 0) {
      return List.of();
    }
    RemoteThread thread = reader.thread(post.id(), Math.min(MAX_COMMENTS_ASKED, 2 * wanted), COMMENT_DEPTH);
    Map<String, List<RemoteComment>> replies = new HashMap<>();
    thread.comments().forEach(c -> replies.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c));
    PriorityQueue<RemoteComment> candidates = new PriorityQueue<>(
        Comparator.comparingLong(RemoteComment::score).reversed().thenComparing(RemoteComment::id));
    candidates.addAll(replies.getOrDefault("t3_" + post.id(), List.of()));
    Set<String> chosen = new HashSet<>();
    int fresh = 0;
    while (fresh < wanted && !candidates.isEmpty()) {
      RemoteComment best = candidates.poll();
      if (RedditText.isGone(best.body()) || RedditText.isGone(best.author()) || isBot(best.author())) {
        continue;
      }
      candidates.addAll(replies.getOrDefault(best.fullname(), List.of()));
      if (!out.contains(best.id())) { // one written by an earlier run still leads to its replies
        chosen.add(best.fullname());
        fresh++;
      }
    }
    return thread.comments().stream().filter(c -> chosen.contains(c.fullname())).toList();
  }

  private boolean isBot(String author) {
    return author != null && options.botNames().contains(author.toLowerCase(Locale.ROOT));
  }

  /** Only {@code new} lists newest first, so only there is everything after the --since post older still. */
  private boolean reachedSince(RemotePost post) {
    return options.sort() == ListingSort.NEW && atOrBelowSince(post);
  }

  /** Reddit's ids count up: an id at or below --since is that post or an older one. */
  private boolean atOrBelowSince(RemotePost post) {
    return options.sinceId() != null && Long.parseLong(post.id(), 36) <= Long.parseLong(options.sinceId(), 36);
  }

  private String readCursor() {
    try {
      Path state = options.stateFile();
      if (!Files.exists(state)) {
        return null;
      }
      // "<listing key> <after>": the key itself holds a space, so the cursor is what follows the last one.
      String saved = Files.readString(state, StandardCharsets.UTF_8).strip();
      int cut = saved.lastIndexOf(' ');
      // A cursor of another listing (the sort or time changed since) means nothing here: start from the top.
      return cut > 0 && saved.substring(0, cut).equals(listingKey()) ? saved.substring(cut + 1) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(options.stateFile() + ": " + e.getMessage(), e);
    }
  }

  private String listingKey() {
    return options.subreddit().toLowerCase(Locale.ROOT) + "/" + options.sort().path() + " " + options.time().parameter();
  }

  /** Written to a temp file and moved, so a crash never leaves half a cursor. */
  private void saveCursor(String after) {
    try {
      Path tmp = options.stateFile().resolveSibling(options.stateFile().getFileName() + ".tmp");
      Files.writeString(tmp, listingKey() + " " + after + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, options.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(options.stateFile() + ": " + e.getMessage(), e);
    }
  }

  /** The listing is done: the next run starts again from its top and adds only what is new. */
  private void finish() {
    try {
      Files.deleteIfExists(options.stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException(options.stateFile() + ": " + e.getMessage(), e);
    }
  }
}
