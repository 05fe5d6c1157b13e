package subsim.bot.reddit;

/** A submission as read from Reddit (our copy of the fields we use, so JRAW's models stay in this package). */
public record RemotePost(
    String id,
    String subreddit,
    String author,
    String title,
    String selftext,
    String flairText,
    long score,
    long createdUtc,
    boolean over18,
    int commentCount,
    String permalink) {

  public String fullname() {
    return "t3_" + id;
  }
}
