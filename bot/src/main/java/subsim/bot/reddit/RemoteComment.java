package subsim.bot.reddit;

/** A comment as read from Reddit; {@code depth} is 0 for a top-level comment. */
public record RemoteComment(
    String id,
    String subreddit,
    String author,
    String linkId,
    String parentId,
    String body,
    long score,
    long createdUtc,
    int depth) {

  public String fullname() {
    return "t1_" + id;
  }
}
