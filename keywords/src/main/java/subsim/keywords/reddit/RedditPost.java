package subsim.keywords.reddit;

/**
 * A submission: a link post has an empty self-text.
 *
 * @param subreddit the subreddit's name without "r/", empty when the source does not say
 * @param id the bare base-36 id ("18ztow"), empty when the source has none
 * @param title the title, HTML entities decoded
 * @param selftext the body of a self-post, empty for a link post
 * @param score the score when captured
 * @param createdUtc creation time, seconds since the epoch
 * @param over18 whether Reddit marks the post NSFW ({@code over_18})
 * @param author the author's username, {@code "[deleted]"} for a deleted account, null when the source does not say
 */
public record RedditPost(String subreddit, String id, String title, String selftext, long score, long createdUtc,
    boolean over18, String author) {

  /** The fullname ({@code t3_} + id) that comments name in {@code link_id} and {@code parent_id}. */
  public String fullname() {
    return "t3_" + id;
  }
}
