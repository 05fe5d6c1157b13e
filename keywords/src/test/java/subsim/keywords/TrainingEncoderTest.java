package subsim.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import subsim.keywords.reddit.RedditImporter;

class TrainingEncoderTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  /** Words of the text as keywords: cheap, and enough where the extraction itself is not under test. */
  private static final Function<String, List<String>> WORDS = text -> Arrays.stream(text.split("\\W+"))
      .filter(w -> w.length() > 3).distinct().limit(8).toList();

  private static List<Document> corpus(String fixture) {
    return Corpus.of(new RedditImporter().read(FIXTURES.resolve(fixture)), null).documents();
  }

  private static String encode(List<Document> documents, Function<String, List<String>> extractor,
      EncodeOptions options) throws IOException {
    StringWriter out = new StringWriter();
    new TrainingEncoder(extractor, options).encode(documents, out, done -> { });
    return out.toString();
  }

  @Test
  void wholeSubredditOfPostsDecodesBackExactly() throws IOException {
    List<Document> documents = corpus("posts_Showerthoughts.jsonl");
    StringWriter out = new StringWriter();
    EncodeSummary summary = new TrainingEncoder(SharedExtractor.get()::extract, EncodeOptions.defaults().withSeed(3))
        .encode(documents, out, done -> { });
    assertEquals(897, summary.documents());
    assertEquals(3L * 897, summary.lines());
    assertTrue(summary.keywords().size() > 1000, "distinct keywords: " + summary.keywords().size());
    assertDecodesToEveryDocument(documents, out.toString(), 3, summary.keywords());
  }

  @Test
  void wholeThreadOfCommentsDecodesBackExactly() throws IOException {
    List<Document> documents = corpus("api_comments_self_1cebxh_2013_html_escaped.json");
    assertEquals(195, documents.size());
    String text = encode(documents, WORDS, EncodeOptions.defaults().withRepeat(2));
    assertDecodesToEveryDocument(documents, text, 2, null);
  }

  @Test
  void outputDependsOnTheSeedAndNotOnTheThreads() throws IOException {
    List<Document> documents = corpus("threads_cscareerquestions.jsonl");
    EncodeOptions options = EncodeOptions.defaults().withBatchSize(5).withSeed(17);
    String one = encode(documents, WORDS, options.withThreads(1));
    assertEquals(one, encode(documents, WORDS, options.withThreads(3)));
    assertNotEquals(one, encode(documents, WORDS, options.withSeed(18)));
  }

  @Test
  void aHugeThreadCountEncodesTheSame() throws IOException {
    // Four batches in flight per thread overflowed an int past 536,870,911 threads: none was submitted, and the
    // encoder failed with "subsim: NoSuchElementException".
    List<Document> documents = corpus("threads_cscareerquestions.jsonl");
    EncodeOptions options = EncodeOptions.defaults().withBatchSize(5);
    assertEquals(encode(documents, WORDS, options.withThreads(1)),
        encode(documents, WORDS, options.withThreads(Integer.MAX_VALUE)));
  }

  @Test
  void eachLineDrawsZeroToMaxKeywordsInRandomOrder() {
    TrainingEncoder encoder = new TrainingEncoder(WORDS, EncodeOptions.defaults().withRepeat(2000).withMaxKeywords(3));
    List<String> keywords = List.of("a", "b", "c", "d", "e");
    Set<Integer> counts = new HashSet<>();
    Set<String> firsts = new HashSet<>();
    for (List<String> draw : encoder.draws(keywords, new Random(1))) {
      assertTrue(keywords.containsAll(draw) && new HashSet<>(draw).size() == draw.size(), draw.toString());
      counts.add(draw.size());
      if (!draw.isEmpty()) {
        firsts.add(draw.get(0));
      }
    }
    assertEquals(Set.of(0, 1, 2, 3), counts);
    assertEquals(new HashSet<>(keywords), firsts);
    assertTrue(encoder.draws(List.of("only"), new Random(1)).stream().allMatch(d -> d.size() <= 1));
  }

  @Test
  void progressCountsEveryDocument() throws IOException {
    List<Document> documents = corpus("threads_cscareerquestions.jsonl");
    List<Integer> reports = new ArrayList<>();
    new TrainingEncoder(WORDS, EncodeOptions.defaults().withBatchSize(10)).encode(documents, new StringWriter(),
        reports::add);
    assertEquals(List.of(10, 20, 30, 39), reports);
  }

  /** Every line decodes, and the decoded documents are the originals, each exactly {@code repeat} times. */
  private static void assertDecodesToEveryDocument(List<Document> documents, String text, int repeat,
      KeywordDistribution keywords) {
    Map<Document, Integer> expected = new HashMap<>();
    documents.forEach(d -> expected.merge(normalized(d), repeat, Integer::sum));
    Map<Document, Integer> decoded = new HashMap<>();
    String[] lines = text.split("\n", -1);
    assertEquals("", lines[lines.length - 1], "text ends with a newline");
    for (String line : Arrays.copyOf(lines, lines.length - 1)) {
      DecodedDocument document = KeywordFormat.decode(line);
      assertFalse(document.isMalformed(), document + " <- " + line);
      assertTrue(document.keywords().size() <= 3, line);
      if (keywords != null) {
        document.keywords().forEach(k -> assertTrue(keywords.count(k) > 0, k));
      }
      decoded.merge(fromDecoded(document), 1, Integer::sum);
    }
    assertEquals(expected, decoded);
  }

  private static Document normalized(Document document) {
    String category = KeywordFormat.normalizeCategory(document.category());
    if (document instanceof CommentDocument c) {
      boolean hasPost = !c.postTitle().isEmpty();
      return new CommentDocument(category, c.postTitle(), hasPost ? c.postBody() : "", c.parentChain(), c.comment());
    }
    PostDocument p = (PostDocument) document;
    return new PostDocument(category, p.title(), p.body());
  }

  private static Document fromDecoded(DecodedDocument d) {
    return d.kind() == DecodedDocument.Kind.COMMENT
        ? new CommentDocument(d.category(), d.title(), d.body(), d.parentChain(), d.comment())
        : new PostDocument(d.category(), d.title(), d.body());
  }
}
