package subsim.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import subsim.keywords.reddit.ImportResult;
import subsim.keywords.reddit.RedditComment;
import subsim.keywords.reddit.RedditImporter;
import subsim.keywords.reddit.RedditPost;

class CorpusTest {

  private static RedditComment comment(String id, String parent, String body) {
    return new RedditComment("pics", id, "t3_p1", parent, body, 1, 1, null);
  }

  @Test
  void commentsCarryTheirPostAndParentChainFromTheTop() {
    ImportResult imported = new ImportResult(
        List.of(new RedditPost("pics", "p1", "A cat", "Look.", 5, 1, false, null)),
        List.of(comment("c1", "t3_p1", "Cute."), comment("c2", "t1_c1", "Agreed."), comment("c3", "t1_c2", "Same.")),
        Map.of(), List.of());
    List<Document> documents = Corpus.of(imported, null).documents();
    assertEquals(new PostDocument("pics", "A cat", "Look."), documents.get(0));
    assertEquals(new CommentDocument("pics", "A cat", "Look.", List.of(), "Cute."), documents.get(1));
    assertEquals(new CommentDocument("pics", "A cat", "Look.", List.of("Cute.", "Agreed."), "Same."), documents.get(3));
  }

  @Test
  void missingAncestorsBecomeOneEmptyParentAndMissingPostLeavesTitleEmpty() {
    ImportResult imported = new ImportResult(List.of(),
        List.of(comment("c2", "t1_gone", "Agreed."), comment("c3", "t1_c2", "Same.")), Map.of(), List.of());
    List<Document> documents = Corpus.of(imported, null).documents();
    assertEquals(new CommentDocument("pics", "", "", List.of(""), "Agreed."), documents.get(0));
    assertEquals(new CommentDocument("pics", "", "", List.of("", "Agreed."), "Same."), documents.get(1));
  }

  @Test
  void aParentCycleEndsTheChain() {
    ImportResult imported = new ImportResult(List.of(),
        List.of(comment("a", "t1_b", "A"), comment("b", "t1_a", "B")), Map.of(), List.of());
    assertEquals(new CommentDocument("pics", "", "", List.of("", "B"), "A"), Corpus.of(imported, null).documents().get(0));
  }

  @Test
  void subredditFilterKeepsOneSubredditAndNamesRecordsWithoutOne() {
    ImportResult imported = new ImportResult(List.of(new RedditPost("Pics", "1", "a", "", 0, 0, false, null),
        new RedditPost("funny", "2", "b", "", 0, 0, false, null),
        new RedditPost("", "", "c", "", 0, 0, false, null)), List.of(), Map.of(),
        List.of());
    Corpus corpus = Corpus.of(imported, "pics");
    assertEquals(List.of(new PostDocument("pics", "a", ""), new PostDocument("pics", "c", "")), corpus.documents());
    assertEquals(Map.of("other subreddit", 1), corpus.skipped());
  }

  @Test
  void realCommentPageAssemblesRepliesUnderTheirParents() {
    ImportResult imported = new RedditImporter().read(
        Path.of("src/test/resources/fixtures/api_comments_IAmA_57dw9a_context_2016.json"));
    List<Document> documents = Corpus.of(imported, null).documents();
    assertEquals(141, documents.size());
    List<CommentDocument> comments = documents.stream().skip(1).map(CommentDocument.class::cast).toList();
    assertTrue(comments.stream().allMatch(c -> c.postTitle().equals(imported.posts().get(0).title())));
    int deepest = comments.stream().mapToInt(c -> c.parentChain().size()).max().orElse(0);
    assertTrue(deepest >= 3, "deepest chain: " + deepest);
    CommentDocument deep = comments.stream().filter(c -> c.parentChain().size() == deepest).findFirst().orElseThrow();
    RedditComment source = imported.comments().stream().filter(c -> c.body().equals(deep.comment())).findFirst()
        .orElseThrow();
    RedditComment parent = imported.comments().stream().filter(c -> c.fullname().equals(source.parentId()))
        .findFirst().orElseThrow();
    assertEquals(parent.body(), deep.parentChain().get(deepest - 1));
  }
}
