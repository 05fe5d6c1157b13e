package subsim.keywords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import subsim.keywords.reddit.ImportResult;
import subsim.keywords.reddit.RedditComment;
import subsim.keywords.reddit.RedditPost;

/**
 * The training documents of imported data: every post, then every comment with its thread assembled from
 * {@code link_id} and {@code parent_id}; plus the records of other subreddits left out, counted.
 */
public record Corpus(List<Document> documents, Map<String, Integer> skipped) {

  public Corpus {
    documents = List.copyOf(documents);
    skipped = Map.copyOf(skipped);
  }

  /**
   * The documents of {@code imported}; with a subreddit, only that subreddit's (ignoring case), and records that
   * name no subreddit (a CSV of titles) are taken as that subreddit's.
   */
  public static Corpus of(ImportResult imported, String subreddit) {
    Map<String, Integer> skipped = new TreeMap<>();
    List<Document> documents = new ArrayList<>();
    Map<String, RedditPost> posts = new HashMap<>();
    for (RedditPost post : imported.posts()) {
      String category = category(post.subreddit(), subreddit);
      if (category == null) {
        skipped.merge("other subreddit", 1, Integer::sum);
        continue;
      }
      posts.put(post.fullname(), post);
      documents.add(new PostDocument(category, post.title(), post.selftext()));
    }
    Map<String, RedditComment> comments = new HashMap<>();
    imported.comments().forEach(comment -> comments.put(comment.fullname(), comment));
    for (RedditComment comment : imported.comments()) {
      String category = category(comment.subreddit(), subreddit);
      if (category == null) {
        skipped.merge("other subreddit", 1, Integer::sum);
      } else {
        RedditPost post = posts.get(comment.linkId());
        documents.add(new CommentDocument(category, post == null ? "" : post.title(),
            post == null ? "" : post.selftext(), parentChain(comment, comments), comment.body()));
      }
    }
    return new Corpus(documents, skipped);
  }

  /**
   * The parents from the top-level comment down to the direct parent. Ancestors missing from the data (deleted,
   * or not collected) become one empty entry, so that a reply never reads as a top-level comment; a cycle in bad
   * data ends the walk the same way.
   */
  private static List<String> parentChain(RedditComment comment, Map<String, RedditComment> comments) {
    List<String> chain = new ArrayList<>();
    Set<String> visited = new HashSet<>(Set.of(comment.id()));
    String parentId = comment.parentId();
    while (parentId.startsWith("t1_")) {
      RedditComment parent = comments.get(parentId);
      if (parent == null || !visited.add(parent.id())) {
        chain.add(0, "");
        break;
      }
      chain.add(0, parent.body());
      parentId = parent.parentId();
    }
    return chain;
  }

  private static String category(String recordSubreddit, String wanted) {
    if (wanted == null || wanted.isBlank()) {
      return recordSubreddit;
    }
    if (recordSubreddit.isEmpty() || recordSubreddit.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
      return wanted;
    }
    return null;
  }
}
