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
  private final Set<String> skippedPosts = new HashSet<>();

  @Override
  public void post(RedditPost post) {
    if (!post.id().isEmpty() && !seenIds.add(post.fullname())) {
      count("duplicate post id");
    } else {
      posts.add(post);
      skippedPosts.remove(post.fullname()); // an intact copy after a removed one: the post and its comments stay
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
    if (fullname != null && seenIds.contains(fullname)) {
      count(fullname.startsWith("t3_") ? "duplicate post id" : "duplicate comment id"); // a copy of one kept
      return;
    }
    count(reason);
    if (fullname != null && fullname.startsWith("t3_")) {
      skippedPosts.add(fullname);
    }
  }

  @Override
  public void problem(ImportProblem problem) {
    problems.add(problem);
  }

  /** Everything gathered; comments under a post that was skipped (over 18, removed) go with it, in any file order. */
  ImportResult result() {
    List<RedditComment> kept = new ArrayList<>();
    for (RedditComment comment : comments) {
      if (skippedPosts.contains(comment.linkId())) {
        count("comment under a skipped post");
      } else {
        kept.add(comment);
      }
    }
    return new ImportResult(posts, kept, skipped, problems);
  }

  private void count(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }
}
