package subsim.keywords;

import java.util.List;

/** One document of a training corpus: a post, or a comment in its thread. */
public sealed interface Document permits PostDocument, CommentDocument {

  /** The subreddit it belongs to; empty when unknown. */
  String category();

  /** The text its keywords are extracted from. */
  String keywordText();

  /** Its line in the keyword format, with these keywords. */
  String encode(List<String> keywords);
}
