package subsim.keywords.reddit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import produced: posts and comments in file order, the records skipped on purpose (by reason), and the
 * records that were bad (with file and line).
 */
public record ImportResult(List<RedditPost> posts, List<RedditComment> comments, Map<String, Integer> skipped,
    List<ImportProblem> problems) {

  public ImportResult {
    posts = List.copyOf(posts);
    comments = List.copyOf(comments);
    skipped = Map.copyOf(skipped);
    problems = List.copyOf(problems);
  }

  /** Everything of this result and then everything of {@code other}. */
  public ImportResult plus(ImportResult other) {
    List<RedditPost> allPosts = new ArrayList<>(posts);
    allPosts.addAll(other.posts);
    List<RedditComment> allComments = new ArrayList<>(comments);
    allComments.addAll(other.comments);
    Map<String, Integer> allSkipped = new TreeMap<>(skipped);
    other.skipped.forEach((reason, count) -> allSkipped.merge(reason, count, Integer::sum));
    List<ImportProblem> allProblems = new ArrayList<>(problems);
    allProblems.addAll(other.problems);
    return new ImportResult(allPosts, allComments, allSkipped, allProblems);
  }

  public static ImportResult empty() {
    return new ImportResult(List.of(), List.of(), Map.of(), List.of());
  }

  public int skippedTotal() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }
}
