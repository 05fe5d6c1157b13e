package subsim.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeywordExtractorTest {

  private static List<String> extract(String text) {
    return SharedExtractor.get().extract(text);
  }

  @Test
  void longTextWithoutSpacesIsNotCutInsideAnEmoji() {
    String text = "x".repeat(KeywordExtractor.MAX_TEXT_CHARS - 1) + "\uD83D\uDE00 tail";
    assertEquals("x".repeat(KeywordExtractor.MAX_TEXT_CHARS - 1), KeywordExtractor.clip(text));
    String plain = "y".repeat(KeywordExtractor.MAX_TEXT_CHARS + 10);
    assertEquals(KeywordExtractor.MAX_TEXT_CHARS, KeywordExtractor.clip(plain).length());
  }

  @Test
  void properNounRunsAreOneKeyword() {
    assertEquals(List.of("Barack-Obama", "meet", "Angela-Merkel", "Berlin"),
        extract("Barack Obama met Angela Merkel in Berlin"));
  }

  @Test
  void namedEntityKeepsItsInnerWords() {
    assertEquals(List.of("work", "Bank-of-America", "Chicago"), extract("She works at the Bank of America in Chicago."));
  }

  @Test
  void compoundNounIsOneKeyword() {
    assertEquals(List.of("bus-stop", "empty"), extract("The bus stop was empty."));
  }

  @Test
  void entityAndNounChainIntoOnePhrase() {
    assertEquals(List.of("Higgs-boson", "confirm", "CERN"), extract("Higgs boson confirmed at CERN"));
  }

  @Test
  void nounsKeepWrittenFormWhileVerbsAndAdverbsAreLemmatized() {
    assertEquals(List.of("dogs", "run", "happily"), extract("The dogs were running happily."));
  }

  @Test
  void adjectivesAreLemmatized() {
    assertEquals(List.of("good", "pizza", "eat"), extract("This is the best pizza I have ever eaten."));
  }

  @Test
  void pronounsAndStopWordsAreDropped() {
    assertEquals(List.of("tell", "eat"), extract("He told me that they would eat it."));
    assertEquals(List.of("believe", "butter"), extract("I can't believe it's not butter!"));
  }

  @Test
  void punctuationInsideKeywordBecomesDash() {
    assertEquals(List.of("AT-T-bill", "double"), extract("My AT&T bill doubled"));
  }

  @Test
  void caseIsKept() {
    assertEquals(List.of("NASA", "launch", "rocket"), extract("NASA launched a rocket"));
  }

  @Test
  void duplicatesDifferingOnlyInCaseKeepTheFirstSpelling() {
    assertEquals(List.of("Cats", "chase"), extract("Cats chase other cats"));
  }

  @Test
  void phraseOverTwentyCharactersFallsBackToItsWords() {
    List<String> keywords = extract("The Massachusetts Institute of Technology announced a breakthrough");
    assertEquals(List.of("Massachusetts", "Institute", "Technology", "announce", "breakthrough"), keywords);
  }

  @Test
  void wordOverTwentyCharactersIsDropped() {
    assertEquals(List.of("long", "word"), extract("Antidisestablishmentarianism is a long word"));
  }

  @Test
  void blankTextHasNoKeywords() {
    assertEquals(List.of(), extract("  \n "));
  }

  @Test
  void curlyQuotesAreStraightenedBeforeTagging() {
    assertEquals(extract("I can't believe it's not butter!"), extract("I can\u2019t believe it\u2019s not butter!"));
  }

  @Test
  void longTextIsClippedBeforeTagging() {
    String filler = "word ".repeat(KeywordExtractor.MAX_TEXT_CHARS / 5);
    List<String> keywords = extract(filler + " Elephants trumpet loudly.");
    assertEquals(List.of("word"), keywords);
  }

  @Test
  void normalizeTurnsRunsOfSpacesAndPunctuationIntoOneDash() {
    assertEquals("New-York", KeywordExtractor.normalize("New York"));
    assertEquals("Drink-Dream", KeywordExtractor.normalize("Drink & Dream"));
    assertEquals("U-S", KeywordExtractor.normalize("U.S."));
    assertEquals("caf\u00e9-cr\u00e8me", KeywordExtractor.normalize("  caf\u00e9 ~ cr\u00e8me! "));
    assertEquals("", KeywordExtractor.normalize("~!?"));
  }

  @Test
  void everyKeywordIsShortAndHasNoSpaces() {
    List<String> keywords = extract("Clogged arteries are seen as the quintessential symptom of an unhealthy modern "
        + "lifestyle. But the condition was common across the ancient world, even among active hunter-gatherers.");
    assertFalse(keywords.isEmpty());
    for (String keyword : keywords) {
      assertTrue(keyword.length() <= KeywordExtractor.MAX_KEYWORD_LENGTH, keyword);
      assertTrue(keyword.matches("[\\p{L}\\p{N}]+(-[\\p{L}\\p{N}]+)*"), keyword);
    }
  }

  @Test
  void threadsGetTheSameKeywordsAsOneThread() throws Exception {
    List<String> texts = List.of("Barack Obama met Angela Merkel in Berlin", "The bus stop was empty.",
        "NASA launched a rocket", "The dogs were running happily.", "Higgs boson confirmed at CERN");
    List<List<String>> sequential = texts.stream().map(KeywordExtractorTest::extract).toList();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        texts.forEach(text -> futures.add(pool.submit(() -> extract(text))));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertEquals(sequential.get(i % texts.size()), futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
