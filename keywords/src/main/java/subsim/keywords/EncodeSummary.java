package subsim.keywords;

/**
 * What an encoding run did.
 *
 * @param documents documents encoded
 * @param lines lines written
 * @param keywords the corpus's keyword distribution (every document's full keyword list)
 * @param seconds wall time of extraction and writing (models already loaded)
 */
public record EncodeSummary(int documents, long lines, KeywordDistribution keywords, double seconds) {

  public double documentsPerSecond() {
    return seconds > 0 ? documents / seconds : 0;
  }
}
