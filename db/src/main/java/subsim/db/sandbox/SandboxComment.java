package subsim.db.sandbox;

/** A comment as the sandbox Reddit stores it; {@code linkId} and {@code parentId} keep Reddit's fullname prefixes. */
public record SandboxComment(
    String id,
    String subreddit,
    String author,
    String linkId,
    String parentId,
    String body,
    long score,
    long createdUtc) {

  /** Reddit's fullname of this comment. */
  public String fullname() {
    return "t1_" + id;
  }
}
