package subsim.bot.reddit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.dean.jraw.JrawUtils;
import net.dean.jraw.databind.Enveloped;
import net.dean.jraw.models.Comment;
import net.dean.jraw.models.CommentSort;
import net.dean.jraw.models.Listing;
import net.dean.jraw.models.Submission;
import net.dean.jraw.references.CommentsRequest;
import net.dean.jraw.tree.CommentNode;
import net.dean.jraw.tree.RootCommentNode;
import net.dean.jraw.tree.TreeTraversalOrder;

/** Reads one subreddit's listings and comment threads (reads are retried; see {@link RedditSession#read}). */
public final class SubredditReader {

  private static final JsonAdapter<Listing<Submission>> SUBMISSIONS = JrawUtils.moshi.adapter(
      Types.newParameterizedType(Listing.class, Submission.class), Enveloped.class);

  private final RedditSession session;
  private final String subreddit;

  SubredditReader(RedditSession session, String subreddit) {
    this.session = session;
    this.subreddit = subreddit;
  }

  public String subreddit() {
    return subreddit;
  }

  /**
   * One listing page. Built by hand rather than with JRAW's Paginator because a resumable crawl must start from a
   * saved {@code after} cursor, which the Paginator cannot be given.
   */
  public ListingPage page(ListingSort sort, TimeWindow window, String after, int limit) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(limit));
    if (sort == ListingSort.TOP) {
      query.put("t", window.parameter());
    }
    if (after != null) {
      query.put("after", after);
    }
    Listing<Submission> listing = session.read(() -> session.jraw()
        .request(b -> b.path("/r/" + subreddit + "/" + sort.path()).query(query))
        .deserializeWith(SUBMISSIONS));
    return new ListingPage(listing.getChildren().stream().map(SubredditReader::post).toList(),
        listing.getNextName());
  }

  /** A post and up to {@code limit} of its comments sorted by score, down to {@code depth} levels. */
  public RemoteThread thread(String postId, int limit, int depth) {
    CommentsRequest request = new CommentsRequest.Builder()
        .sort(CommentSort.TOP).limit(limit).depth(depth).build();
    RootCommentNode root = session.read(() -> session.jraw().submission(postId).comments(request));
    List<RemoteComment> comments = new ArrayList<>();
    Iterator<? extends CommentNode<?>> nodes = root.walkTree(TreeTraversalOrder.PRE_ORDER).iterator();
    while (nodes.hasNext()) {
      CommentNode<?> node = nodes.next();
      if (node.getSubject() instanceof Comment c) {
        comments.add(comment(c, node.getDepth() - 1));
      }
    }
    return new RemoteThread(post(root.getSubject()), comments);
  }

  static RemotePost post(Submission s) {
    return new RemotePost(s.getId(), s.getSubreddit(), s.getAuthor(), s.getTitle(),
        Objects.requireNonNullElse(s.getSelfText(), ""), s.getLinkFlairText(), s.getScore(),
        s.getCreated().getTime() / 1000, s.isNsfw(), Objects.requireNonNullElse(s.getCommentCount(), 0),
        s.getPermalink());
  }

  static RemoteComment comment(Comment c, int depth) {
    return new RemoteComment(c.getId(), c.getSubreddit(), c.getAuthor(), c.getSubmissionFullName(),
        c.getParentFullName(), c.getBody(), c.getScore(), c.getCreated().getTime() / 1000, depth);
  }
}
