package subsim.keywords;

/** One extractor for the whole test run: loading CoreNLP's models takes seconds. */
final class SharedExtractor {

  private static KeywordExtractor extractor;

  private SharedExtractor() {}

  static synchronized KeywordExtractor get() {
    if (extractor == null) {
      extractor = KeywordExtractor.create();
    }
    return extractor;
  }
}
