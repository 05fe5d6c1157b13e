package subsim.bot.reddit;

/** The subreddit listings we read. */
public enum ListingSort {
  NEW, HOT, TOP;

  /** The path segment, as in {@code /r/funny/top}. */
  public String path() {
    return name().toLowerCase();
  }
}
