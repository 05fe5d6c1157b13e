package subsim.keywords.reddit;

/**
 * A comment, placed in its thread by {@code linkId} (its post) and {@code parentId} (its post or parent comment).
 *
 * @param subreddit the subreddit's name without "r/", empty when the source does not say
 * @param id the bare base-36 id ("c9foc03")
 * @param linkId the post's fullname ("t3_...")
 * @param parentId the post's fullname for a top-level comment, the parent comment's ("t1_...") for a reply
 * @param body the text, HTML entities decoded
 * @param score the score when captured
 * @param createdUtc creation time, seconds since the epoch
 * @param author the author's username, {@code "[deleted]"} for a deleted account, null when the source does not say
 */
public record RedditComment(String subreddit, String id, String linkId, String parentId, String body, long score,
    long createdUtc, String author) {

  /** The fullname ({@code t1_} + id) that replies name in {@code parent_id}. */
  public String fullname() {
    return "t1_" + id;
  }

  /** Whether this comment answers the post directly rather than another comment. */
  public boolean isTopLevel() {
    return parentId.startsWith("t3_");
  }
}
