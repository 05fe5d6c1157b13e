package subsim.keywords.reddit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Gathers a whole import into one {@link ImportResult}, skipping ids seen before ({@link RedditImporter#read}). */
final class ResultCollector implements ImportSink {

  private final List<RedditPost> posts = new ArrayList<>();
  private final List<RedditComment> comments = new ArrayList<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private final List<ImportProblem> problems = new ArrayList<>();
  private final Set<String> seenIds = new HashSet<>();

  @Override
  public void post(RedditPost post) {
    if (!post.id().isEmpty() && !seenIds.add(post.fullname())) {
      count("duplicate post id");
    } else {
      posts.add(post);
    }
  }

  @Override
  public void comment(RedditComment comment) {
    if (!seenIds.add(comment.fullname())) {
      count("duplicate comment id");
    } else {
      comments.add(comment);
    }
  }

  @Override
  public void skipped(String reason, String subreddit, String fullname) {
    count(reason);
  }

  @Override
  public void problem(ImportProblem problem) {
    problems.add(problem);
  }

  ImportResult result() {
    return new ImportResult(posts, comments, skipped, problems);
  }

  private void count(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }
}
