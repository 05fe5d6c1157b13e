package subsim.db.sandbox;

/** The orders a subreddit listing can be read in, as Reddit's {@code /new}, {@code /hot} and {@code /top}. */
public enum PostOrder {
  NEW("created_utc"),
  HOT("hot"),
  TOP("score");

  final String column;

  PostOrder(String column) {
    this.column = column;
  }
}
