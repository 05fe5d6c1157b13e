package subsim.keywords.reddit;

/**
 * Receives an import record by record, in file order ({@link RedditImporter#stream}): what it keeps from each record
 * is its own affair, so a dump of any size is read in the memory its receiver needs.
 */
public interface ImportSink {

  void post(RedditPost post);

  void comment(RedditComment comment);

  /**
   * A record left out on purpose (deleted or removed, over_18, an unexpanded "more" stub).
   *
   * @param subreddit the record's subreddit, empty when unknown
   * @param fullname the record's {@code t3_}/{@code t1_} name, null when it has none (so replies to it cannot be found)
   */
  void skipped(String reason, String subreddit, String fullname);

  /** A record that could not be read; the import goes on with the next one. */
  void problem(ImportProblem problem);
}
