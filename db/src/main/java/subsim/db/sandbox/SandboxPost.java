package subsim.db.sandbox;

/** A submission as the sandbox Reddit stores it; {@code id} is the bare base-36 id (fullname {@code t3_<id>}). */
public record SandboxPost(
    String id,
    String subreddit,
    String author,
    String title,
    String selftext,
    String flairText,
    long score,
    long createdUtc,
    boolean over18) {

  /** Reddit's fullname of this post. */
  public String fullname() {
    return "t3_" + id;
  }
}
