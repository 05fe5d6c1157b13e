package subsim.bot.collect;

import java.nio.file.Path;
import java.util.Set;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.TimeWindow;

/**
 * What to collect and where: posts go to {@code postsFile}, comments to {@code commentsFile}, the listing cursor of
 * an unfinished run to {@code stateFile}.
 *
 * @param limit the most new posts to write in this run
 * @param commentsPerPost the top comments (by score) kept per post, replies with their parents
 * @param sinceId stop at this post id (sort new) or skip ids at or below it (other sorts); null for none
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

  public CollectOptions {
    if (limit < 1 || commentsPerPost < 0 || pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("collect: limit >= 1, comments per post >= 0, page size 1..100");
    }
    botNames = Set.copyOf(botNames.stream().map(String::toLowerCase).toList());
  }

  /** Comments beside the posts file: {@code top.jsonl} -> {@code top.comments.jsonl}; state likewise. */
  public static Path sibling(Path postsFile, String suffix) {
    String name = postsFile.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return postsFile.resolveSibling(base + suffix);
  }
}
