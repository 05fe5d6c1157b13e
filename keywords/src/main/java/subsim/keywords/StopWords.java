package subsim.keywords;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Words too common to be a keyword, matched ignoring case. */
final class StopWords {

  private static final String RESOURCE = "stopwords.txt";

  private final Set<String> words;

  private StopWords(Set<String> words) {
    this.words = words;
  }

  /** The English list shipped with this module ({@code subsim/keywords/stopwords.txt}). */
  static StopWords english() {
    try (InputStream in = StopWords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource subsim/keywords/" + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new StopWords(reader.lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read subsim/keywords/" + RESOURCE, e);
    }
  }

  boolean contains(String word) {
    return word != null && words.contains(word.toLowerCase(Locale.ROOT));
  }
}
