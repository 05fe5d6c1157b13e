package subsim.bot.service;

import java.util.List;
import java.util.Optional;

/**
 * The keyword-conditioned text format a bot's model was trained on: prompts that generation continues, and the
 * decoding of a finished generation into its sections. The keywords module's {@code KeywordFormat} is the real one.
 */
public interface DocumentFormat {

  /** The prefix a new post's generation continues. */
  String postPrompt(String category, List<String> keywords);

  /** The prefix a comment's generation continues: the post, then the chain of parent comments, oldest first. */
  String commentPrompt(String category, List<String> keywords, String postTitle, String postBody, List<String> parentChain);

  /** Decodes a post prompt followed by its generation; anything but a post is malformed. Never throws. */
  Decoded decodePost(String text);

  /** Decodes a comment prompt followed by its generation; anything but a comment is malformed. Never throws. */
  Decoded decodeComment(String text);

  /** The sections of a decoded document; {@code malformed} says why when it could not be read. */
  record Decoded(String title, String body, String comment, Optional<String> malformed) {

    public static Decoded malformed(String reason) {
      return new Decoded("", "", "", Optional.of(reason));
    }
  }
}
