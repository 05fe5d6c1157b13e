package subsim.bot.collect;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.TimeWindow;

/**
 * What to collect and where: posts go to {@code postsFile}, comments to {@code commentsFile}, the listing cursor of
 * an unfinished run to {@code stateFile}.
 *
 * @param limit the most new posts to write in this run
 * @param commentsPerPost the top comments (by score) kept per post, replies with their parents
 * @param sinceId stop at this post id (sort new) or skip ids at or below it (other sorts); null for none. Given as
 *     {@code abc} or {@code t3_abc}, kept bare and lower-case
 * @param botNames accounts whose posts and comments are never collected (our own output)
 */
public record CollectOptions(
    String subreddit,
    Path postsFile,
    Path commentsFile,
    Path stateFile,
    ListingSort sort,
    TimeWindow time,
    int limit,
    int commentsPerPost,
    String sinceId,
    boolean includeNsfw,
    Set<String> botNames,
    int pageSize) {

  /** A base-36 post id, bare or as a fullname; at most 12 digits, so that it always fits a long. */
  private static final Pattern POST_ID = Pattern.compile("(?i)(?:t3_)?([0-9a-z]{1,12})");

  public CollectOptions {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
    if (commentsPerPost < 0) {
      throw new IllegalArgumentException("--comments-per-post must not be negative, got " + commentsPerPost);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("page size must be 1..100 (Reddit's most), got " + pageSize);
    }
    sinceId = sinceId == null ? null : bareId(sinceId);
    botNames = Set.copyOf(botNames.stream().map(String::toLowerCase).toList());
  }

  /**
   * Checked here, before any request, so that a typo fails at once instead of as a NumberFormatException in the
   * middle of a listing.
   */
  private static String bareId(String id) {
    Matcher m = POST_ID.matcher(id.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--since: '" + id + "' is not a post id (base 36, as abc or t3_abc)");
    }
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /** Comments beside the posts file: {@code top.jsonl} -> {@code top.comments.jsonl}; state likewise. */
  public static Path sibling(Path postsFile, String suffix) {
    String name = postsFile.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return postsFile.resolveSibling(base + suffix);
  }
}
