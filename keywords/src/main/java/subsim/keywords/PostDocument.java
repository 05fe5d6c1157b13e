package subsim.keywords;

import java.util.List;

/** A post as a training document; its keywords come from the title, as in gpt-2-keyword-generation. */
public record PostDocument(String category, String title, String body) implements Document {

  @Override
  public String keywordText() {
    return title;
  }

  @Override
  public String encode(List<String> keywords) {
    return KeywordFormat.encodePost(category, keywords, title, body);
  }
}
