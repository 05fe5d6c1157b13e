package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A minimal stand-in for the keyword format in service tests: the prompt names the section, and the first line
 * of the continuation (whitespace collapsed, at most 80 characters) is the title or comment.
 */
final class PlainFormat implements DocumentFormat, CorpusEncoder {

  @Override
  public String postPrompt(String category, List<String> keywords) {
    return category + " post about " + String.join(" ", keywords) + "\nTitle:";
  }

  @Override
  public String commentPrompt(String category, List<String> keywords, String postTitle, String postBody, List<String> parentChain) {
    return postTitle + "\n" + String.join("\n", parentChain) + "\nReply:";
  }

  @Override
  public Decoded decodePost(String text) {
    return decode(text);
  }

  @Override
  public Decoded decodeComment(String text) {
    return decode(text);
  }

  private static Decoded decode(String text) {
    int at = Math.max(text.lastIndexOf("Title:"), text.lastIndexOf("Reply:"));
    String rest = text.substring(at + "Title:".length()).replaceAll("\\s+", " ").strip();
    if (rest.isEmpty()) {
      return Decoded.malformed("nothing after the prompt");
    }
    String line = rest.substring(0, Math.min(80, rest.length()));
    return new Decoded(line, "body of " + line, line, Optional.empty());
  }

  @Override
  public Counts encode(List<Path> files, String subreddit, Path out) {
    List<String> texts = TrainingTexts.read(files);
    try {
      Files.writeString(out, String.join("<|endoftext|>", texts));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Counts(texts.size(), 0);
  }
}
