package subsim.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import subsim.keywords.DecodedDocument.Kind;

class KeywordFormatTest {

  @Test
  void titlesOnlyPostIsByteCompatibleWithTheOriginal() {
    // Lines of gpt-2-keyword-generation's example/top_reddit_posts_encoded.txt.
    assertEquals("<|startoftext|>~`politics~^Bernie-Sanders Megathread presidential~@Megathread: Bernie Sanders "
            + "announces 2020 presidential run<|endoftext|>",
        KeywordFormat.encodePost("politics", List.of("Bernie-Sanders", "Megathread", "presidential"),
            "Megathread: Bernie Sanders announces 2020 presidential run", ""));
    assertEquals("<|startoftext|>~`art~^Drink-&-Dream~@Drink & Dream, Digital, 2500 X 1816<|endoftext|>",
        KeywordFormat.encodePost("art", List.of("Drink-&-Dream"), "Drink & Dream, Digital, 2500 X 1816", null));
    assertEquals("<|startoftext|>~`deepfriedmemes~^~@I wish <|endoftext|>",
        KeywordFormat.encodePost("deepfriedmemes", List.of(), "I wish ", null));
  }

  @Test
  void categoryIsLowerCasedWithNonWordRunsAsDashes() {
    assertEquals("askreddit", KeywordFormat.normalizeCategory("AskReddit"));
    assertEquals("the_donald", KeywordFormat.normalizeCategory(" The_Donald "));
    assertEquals("r-ask-science-", KeywordFormat.normalizeCategory("r/ask science!"));
  }

  @Test
  void postWithoutCategoryLeavesTheSectionOut() {
    assertEquals("<|startoftext|>~^cat~@A cat<|endoftext|>", KeywordFormat.encodePost(null, List.of("cat"), "A cat", ""));
  }

  @Test
  void selfPostWritesItsBodyWithNewlinesEscaped() {
    String line = KeywordFormat.encodePost("Jokes", List.of("bar"), "A man walks into a bar", "Ouch.\n\nIt was an iron bar.");
    assertEquals("<|startoftext|>~`jokes~^bar~@A man walks into a bar~}Ouch.~n~nIt was an iron bar.<|endoftext|>", line);
    assertFalse(line.contains("\n"));
  }

  @Test
  void commentCarriesItsPostAndParentChain() {
    String line = KeywordFormat.encodeComment("AskReddit", List.of("dog"), "What is your pet?", "Tell me.",
        List.of("A cat.", "Mine too."), "My dog.");
    assertEquals("<|startoftext|>~`askreddit~^dog~@What is your pet?~}Tell me.~>A cat.~>Mine too.~$My dog.<|endoftext|>",
        line);
    DecodedDocument decoded = KeywordFormat.decode(line);
    assertEquals(new DecodedDocument(Kind.COMMENT, "askreddit", List.of("dog"), "What is your pet?", "Tell me.",
        List.of("A cat.", "Mine too."), "My dog.", ""), decoded);
  }

  @Test
  void commentWhosePostIsUnknownLeavesTitleAndBodyOut() {
    String line = KeywordFormat.encodeComment("self", List.of(), "", "ignored without a title", List.of(""), "Yes.");
    assertEquals("<|startoftext|>~`self~^~>~$Yes.<|endoftext|>", line);
    DecodedDocument decoded = KeywordFormat.decode(line);
    assertEquals(Kind.COMMENT, decoded.kind());
    assertEquals(List.of(""), decoded.parentChain());
    assertEquals("", decoded.title());
  }

  @Test
  void textThatLooksLikeMarkupSurvivesTheRoundTrip() {
    List<String> tricky = List.of("~", "~~", "a~@b", "~n is not a newline", "ends with ~", "<|endoftext|>",
        "<|startoftext|>~`x", "<~|", "back\\slash", "\r\n", "~}~>~$~^", "<", "a <| b", "emoji \uD83D\uDE00 ~",
        "~\n~", "x~|y", "tilde ~ alone", "");
    for (String text : tricky) {
      String post = KeywordFormat.encodePost("c", List.of("k"), text.isEmpty() ? "t" : text, text);
      DecodedDocument decoded = KeywordFormat.decode(post);
      assertEquals(Kind.POST, decoded.kind(), post);
      assertEquals(text.isEmpty() ? "t" : text, decoded.title(), post);
      assertEquals(text, decoded.body(), post);
      String comment = KeywordFormat.encodeComment("c", List.of(), text, text, List.of(text, text), text);
      DecodedDocument c = KeywordFormat.decode(comment);
      assertEquals(Kind.COMMENT, c.kind(), comment);
      assertEquals(List.of(text, text), c.parentChain(), comment);
      assertEquals(text, c.comment(), comment);
      assertEquals(1, count(post, KeywordFormat.END), post);
      assertFalse(post.substring(KeywordFormat.START.length(), post.length() - KeywordFormat.END.length()).contains("<|"));
    }
  }

  @Test
  void randomTextOverTheFormatsOwnCharactersSurvivesTheRoundTrip() {
    java.util.Random random = new java.util.Random(11);
    String alphabet = "~`^@}>$nr|<\n\r a";
    for (int i = 0; i < 5000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(12); j > 0; j--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String body = text.toString();
      String comment = KeywordFormat.encodeComment("c", List.of(), "t", body, List.of(body), body);
      DecodedDocument decoded = KeywordFormat.decode(comment);
      assertEquals(List.of(body), decoded.parentChain(), comment);
      assertEquals(body, decoded.body(), comment);
      assertEquals(body, decoded.comment(), comment);
    }
  }

  @Test
  void textWithoutMarksOrNewlinesIsWrittenUnchanged() {
    String title = "Tilde ~5 years & <b>bold</b> \"quoted\" {braces} $5 @home ^up `tick` |bar|";
    assertTrue(KeywordFormat.encodePost("c", List.of(), title, "").contains("~@" + title + "<|endoftext|>"));
  }

  @Test
  void keywordsThatWouldBreakTheLineAreNormalized() {
    assertEquals("<|startoftext|>~`c~^New-York a-b~@t<|endoftext|>",
        KeywordFormat.encodePost("c", List.of("New York", "a~b", " ", ""), "t", ""));
  }

  @Test
  void postPromptIsTheLinePrefixUpToTheTitle() {
    String prompt = KeywordFormat.postPrompt("AskReddit", List.of("dog", "park"));
    assertEquals("<|startoftext|>~`askreddit~^dog park~@", prompt);
    String line = KeywordFormat.encodePost("AskReddit", List.of("dog", "park"), "Dogs in parks?", "Why?");
    assertTrue(line.startsWith(prompt));
    DecodedDocument generated = KeywordFormat.decode(prompt + "Dogs in parks?~}Why?");
    assertEquals(KeywordFormat.decode(line), generated);
  }

  @Test
  void commentPromptIsTheLinePrefixUpToTheComment() {
    List<String> chain = List.of("first\nline", "second");
    String prompt = KeywordFormat.commentPrompt("self", List.of("k"), "Title", "", chain);
    String line = KeywordFormat.encodeComment("self", List.of("k"), "Title", "", chain, "reply");
    assertEquals(line, prompt + "reply" + KeywordFormat.END);
    assertEquals("reply", KeywordFormat.decode(prompt + "reply").comment());
  }

  @Test
  void decodeAcceptsTheTrailingNewlineOfAFileLine() {
    String line = KeywordFormat.encodePost("c", List.of("a", "b"), "t", "b");
    assertEquals(KeywordFormat.decode(line), KeywordFormat.decode(line + "\n"));
    assertEquals(List.of("a", "b"), KeywordFormat.decode(line).keywords());
  }

  @Test
  void malformedGenerationsAreReportedWithAReason() {
    assertMalformed("does not start", "hello");
    assertMalformed("no text", null);
    assertMalformed("no keywords", "<|startoftext|>~`c~@title<|endoftext|>");
    assertMalformed("no title", "<|startoftext|>~`c~^k<|endoftext|>");
    assertMalformed("out of order", "<|startoftext|>~`c~^k~@t~`d<|endoftext|>");
    assertMalformed("repeated", "<|startoftext|>~`c~^k~@t~@u<|endoftext|>");
    assertMalformed("text after", "<|startoftext|>~^k~@t<|endoftext|>more");
    assertMalformed("before the first section", "<|startoftext|>junk~^k~@t<|endoftext|>");
    assertMalformed("before the first section", "<|startoftext|>~xjunk~^k~@t<|endoftext|>");
    assertMalformed("before the first section", "<|startoftext|>~n~^k~@t<|endoftext|>");
    assertMalformed("unescaped <|", "<|startoftext|>~^k~@t<|startoftext|>~^k~@u<|endoftext|>");
    assertMalformed("without a comment", "<|startoftext|>~^k~@t~>parent<|endoftext|>");
    assertMalformed("without a title", "<|startoftext|>~^k~}body~$c<|endoftext|>");
  }

  @Test
  void decodeNeverThrowsOnArbitraryText() {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "~`^@}>$n|<ab \n";
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder(KeywordFormat.START);
      for (int j = random.nextInt(30); j > 0; j--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      DecodedDocument decoded = KeywordFormat.decode(text.toString());
      // The decoder turns its own exceptions into "unreadable (...)": none may happen.
      assertFalse(decoded.problem().startsWith("unreadable"), text + " -> " + decoded);
      assertTrue(decoded.isMalformed() != decoded.problem().isEmpty(), decoded.toString());
    }
  }

  private static void assertMalformed(String reason, String line) {
    DecodedDocument decoded = KeywordFormat.decode(line);
    assertTrue(decoded.isMalformed(), decoded.toString());
    assertTrue(decoded.problem().contains(reason), decoded.problem());
    assertTrue(decoded.toString().startsWith("malformed: "));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
