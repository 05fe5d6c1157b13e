package subsim.keywords.reddit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedditImporterTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  private final RedditImporter importer = new RedditImporter();

  private ImportResult read(String name) {
    return importer.read(FIXTURES.resolve(name));
  }

  @Test
  void aMissingFileIsNamedAsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("nope.jsonl");
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> importer.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void readsJsonLinesPosts() {
    ImportResult result = read("posts_Showerthoughts.jsonl");
    assertEquals(897, result.posts().size());
    assertEquals(List.of(), result.problems());
    RedditPost first = result.posts().get(0);
    assertEquals("Showerthoughts", first.subreddit());
    assertFalse(first.id().isEmpty());
    assertTrue(first.score() > 0 && first.createdUtc() > 1_000_000_000L, first.toString());
    assertTrue(result.posts().stream().anyMatch(p -> p.selftext().contains("\n")), "self-texts keep newlines");
  }

  @Test
  void readsJsonLinesThreadsWithRedditsFullnames() {
    ImportResult result = read("threads_cscareerquestions.jsonl");
    assertEquals(1, result.posts().size());
    assertEquals(38, result.comments().size());
    RedditComment comment = result.comments().get(0);
    assertTrue(comment.linkId().startsWith("t3_") && !comment.id().startsWith("t1_"), comment.toString());
    assertTrue(result.comments().stream().anyMatch(c -> !c.isTopLevel()));
  }

  @Test
  void badJsonLinesAreReportedWithFileAndLineAndTheRestIsImported() {
    ImportResult result = read("bad_lines.jsonl");
    assertEquals(List.of("a1"), result.posts().stream().map(RedditPost::id).toList());
    assertEquals(List.of("c3"), result.comments().stream().map(RedditComment::id).toList());
    assertEquals(List.of(2L, 4L, 5L, 8L, 9L), result.problems().stream().map(ImportProblem::line).toList());
    ImportProblem missingLink = result.problems().get(2);
    assertEquals(FIXTURES.resolve("bad_lines.jsonl") + ":5: missing field \"link_id\"", missingLink.toString());
    assertTrue(result.problems().get(3).message().contains("score"));
    assertEquals(Map.of("duplicate post id", 1, "[deleted]/[removed] comment", 1), result.skipped());
  }

  @Test
  void aCommentWithABareIdOrAnEmptyBodyIsReported(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.jsonl"), String.join("\n",
        "{\"id\": \"c1\", \"body\": \"fine\", \"link_id\": \"t3_p1\", \"parent_id\": \"t3_p1\"}",
        "{\"id\": \"c2\", \"body\": \"bare post\", \"link_id\": \"p1\", \"parent_id\": \"t3_p1\"}",
        "{\"id\": \"c3\", \"body\": \"bare parent\", \"link_id\": \"t3_p1\", \"parent_id\": \"c1\"}",
        "{\"id\": \"c4\", \"body\": \" \", \"link_id\": \"t3_p1\", \"parent_id\": \"t3_p1\"}") + "\n");
    ImportResult result = importer.read(file);
    assertEquals(List.of("c1"), result.comments().stream().map(RedditComment::id).toList());
    assertEquals(List.of(file + ":2: \"link_id\" is not a post's fullname (t3_...): p1",
        file + ":3: \"parent_id\" is not a fullname (t1_... or t3_...): c1", file + ":4: empty \"body\""),
        result.problems().stream().map(ImportProblem::toString).toList());
  }

  @Test
  void htmlEntitiesAreDecoded() {
    ImportResult result = read("bad_lines.jsonl");
    assertEquals("To get to the other side.\n\nBa dum & tss", result.posts().get(0).selftext());
    assertEquals("Classic <3", result.comments().get(0).body());
  }

  @Test
  void readsBigQueryStyleCsvAndReportsTheBadRow() {
    ImportResult result = read("bigquery_titles.csv");
    assertEquals(List.of("A title, with a comma", "Two\nlines", "Last & least"),
        result.posts().stream().map(RedditPost::title).toList());
    assertEquals("Jokes", result.posts().get(0).subreddit());
    assertEquals(1, result.problems().size());
    assertEquals(6, result.problems().get(0).line());
    assertEquals(Map.of("[deleted]/[removed] post", 1), result.skipped());
  }

  @Test
  void readsTheUmbraeCsvWithMultiLineQuotedFields() {
    ImportResult result = read("csv_top1000_cleanjokes_2013.csv");
    assertEquals(551, result.posts().size());
    assertEquals(List.of(), result.problems());
    RedditPost first = result.posts().get(0);
    assertEquals("17xzdy", first.id());
    assertEquals("I tried telling my five year old son a joke and it didn't go well...", first.title());
    assertEquals(1360087282L, first.createdUtc());
    assertEquals(298, first.score());
    assertTrue(first.selftext().startsWith("Me: Someone told me you talk like an owl\n"), first.selftext());
    assertNoEntities(result);
  }

  @Test
  void readsAnApiListing() {
    ImportResult result = read("api_listing_AskReddit_hot_2016.json");
    assertEquals(99, result.posts().size());
    assertEquals(Map.of("over_18 post", 3), result.skipped());
    assertTrue(result.posts().stream().allMatch(p -> p.subreddit().equals("AskReddit") && p.id().length() >= 5));
  }

  @Test
  void readsAnHtmlEscapedApiListing() {
    ImportResult result = read("api_listing_netsec_2016_html_escaped.json");
    assertEquals(27, result.posts().size());
    assertNoEntities(result);
    // The file writes "Rules &amp; Guidelines" in this self-text.
    assertTrue(result.posts().stream().anyMatch(p -> p.selftext().contains("##### Rules & Guidelines")));
  }

  @Test
  void readsACommentPageWithNestedReplies() {
    ImportResult result = read("api_comments_IAmA_57dw9a_context_2016.json");
    assertEquals(1, result.posts().size());
    assertEquals("57dw9a", result.posts().get(0).id());
    assertEquals(140, result.comments().size());
    assertEquals(Map.of("[deleted]/[removed] comment", 5, "unexpanded \"more\" stub", 1), result.skipped());
    assertTrue(result.comments().stream().allMatch(c -> c.linkId().equals("t3_57dw9a")));
    assertTrue(result.comments().stream().filter(c -> !c.isTopLevel()).count() > 100);
  }

  @Test
  void readsASmallCommentPage() {
    ImportResult result = read("api_comments_redditdev_2gmzqe_2016.json");
    assertEquals(1, result.posts().size());
    assertEquals(2, result.comments().size());
    assertEquals("redditdev", result.comments().get(0).subreddit());
  }

  @Test
  void readsAnHtmlEscapedCommentPage() {
    ImportResult result = read("api_comments_self_1cebxh_2013_html_escaped.json");
    assertEquals(1, result.posts().size());
    assertEquals(194, result.comments().size());
    assertEquals(125, result.skipped().get("unexpanded \"more\" stub"));
    assertNoEntities(result);
  }

  @Test
  void readsAMorechildrenAnswer() {
    ImportResult result = read("api_morechildren_funny_3hahrw_2016.json");
    assertEquals(0, result.posts().size());
    assertEquals(7, result.comments().size());
    assertTrue(result.comments().stream().allMatch(c -> c.linkId().equals("t3_3hahrw")));
  }

  @Test
  void everyFixtureFileImportsSomething() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      for (Path file : files.toList()) {
        ImportResult result = importer.read(file);
        assertFalse(result.posts().isEmpty() && result.comments().isEmpty(), file.toString());
      }
    }
  }

  @Test
  void severalFilesMergeIntoOneResultWithoutDuplicates() {
    Path listing = FIXTURES.resolve("api_listing_netsec_2016_html_escaped.json");
    ImportResult result = importer.read(List.of(listing, listing));
    assertEquals(27, result.posts().size());
    assertEquals(27, result.skipped().get("duplicate post id"));
  }

  @Test
  void brokenJsonDocumentIsOneProblem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("page.json");
    Files.writeString(file, "{\"kind\": \"Listing\",\n \"data\": {\"children\": [ }");
    ImportResult result = importer.read(file);
    assertEquals(1, result.problems().size());
    assertEquals(2, result.problems().get(0).line());
  }

  @Test
  void aBadRecordInAPrettyPrintedApiResponseIsReportedAtItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("listing.json");
    Files.writeString(file, """
        {"kind": "Listing",
         "data": {"children": [
           {"kind": "t3", "data": {"id": "a1", "title": "Fine", "subreddit": "pics"}},
           {"kind": "t3",
            "data": {"id": "a2", "subreddit": "pics"}},
           {"kind": "t1", "data": {"id": "c1", "body": "no post", "parent_id": "t3_a1", "subreddit": "pics"}}
         ]}}
        """);
    ImportResult result = importer.read(file);
    assertEquals(List.of("Fine"), result.posts().stream().map(RedditPost::title).toList());
    assertEquals(List.of(file + ":4: .data.children[1]: missing field \"title\"",
            file + ":6: .data.children[2]: missing field \"link_id\""),
        result.problems().stream().map(ImportProblem::toString).toList());
  }

  @Test
  void anEmptyApiResponseOrTwoRunTogetherAreOneProblemEach(@TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.json"), "\n");
    Path two = Files.writeString(dir.resolve("two.json"), "{\"kind\": \"Listing\", \"data\": {\"children\": []}}\n{}");
    assertEquals(List.of(empty + ":2: not JSON: the file is empty"),
        importer.read(empty).problems().stream().map(ImportProblem::toString).toList());
    assertEquals(List.of(two + ":2: not JSON: more than one JSON value in the file"),
        importer.read(two).problems().stream().map(ImportProblem::toString).toList());
  }

  @Test
  void bytesThatAreNotUtf8InAnApiResponseBecomeReplacementCharacters(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("listing.json");
    byte[] head = "{\"kind\": \"Listing\", \"data\": {\"children\": [{\"kind\": \"t3\", \"data\": {\"id\": \"a1\", \"title\": \"caf"
        .getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = {(byte) 0xE9};
    byte[] tail = "\"}}]}}".getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(head, latin1, tail));
    ImportResult result = importer.read(file);
    assertEquals(List.of(), result.problems());
    assertEquals(List.of("caf\uFFFD"), result.posts().stream().map(RedditPost::title).toList());
  }

  @Test
  void halfAnEmojiEscapedInJsonBecomesAReplacementCharacterAndAWholeOneStays(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("posts.jsonl");
    Files.writeString(file, """
        {"id": "p1", "title": "broken \\ud83d here", "selftext": "tail \\ude00", "subreddit": "pics"}
        {"id": "p2", "title": "whole \\ud83d\\ude00 and swapped \\ude00\\ud83d", "subreddit": "pics"}
        """);
    ImportResult result = importer.read(file);
    assertEquals(List.of("broken \uFFFD here", "whole \ud83d\ude00 and swapped \uFFFD\uFFFD"),
        result.posts().stream().map(RedditPost::title).toList());
    assertEquals("tail \uFFFD", result.posts().get(0).selftext());
  }

  @Test
  void anIntactCopyOfAPostKeepsItsCommentsWhateverTheOrderOfARemovedCopy(@TempDir Path dir) throws IOException {
    for (List<String> order : List.of(List.of("kept", "removed"), List.of("removed", "kept"))) {
      Map<String, String> copies = Map.of(
          "kept", "{\"id\": \"q1\", \"title\": \"Real post\", \"subreddit\": \"pics\"}",
          "removed", "{\"id\": \"q1\", \"title\": \"Real post\", \"selftext\": \"[removed]\", \"subreddit\": \"pics\"}");
      Path file = dir.resolve(order.get(0) + "-first.jsonl");
      Files.writeString(file, copies.get(order.get(0)) + "\n" + copies.get(order.get(1)) + "\n"
          + "{\"id\": \"c1\", \"link_id\": \"t3_q1\", \"parent_id\": \"t3_q1\", \"body\": \"reply\", \"subreddit\": \"pics\"}\n");
      ImportResult result = importer.read(file);
      assertEquals(List.of("q1"), result.posts().stream().map(RedditPost::id).toList(), order.toString());
      assertEquals(List.of("c1"), result.comments().stream().map(RedditComment::id).toList(), order.toString());
      assertEquals(1, result.skipped().values().stream().mapToInt(Integer::intValue).sum(), result.skipped().toString());
    }
  }

  @Test
  void placeholdersOfDeletedAndRemovedTextAreGone() {
    for (String gone : List.of("[deleted]", " [removed] ", "[ Removed by Reddit ]",
        "[ Removed by Reddit on account of violating the [content policy](/help/contentpolicy). ]",
        "[ Removed by reddit in response to a copyright notice. ]")) {
      assertTrue(RedditText.isGone(gone), gone);
    }
    for (String kept : List.of("[deleted] my old account", "I removed it", "[Serious] removed by reddit?", "")) {
      assertFalse(RedditText.isGone(kept), kept);
    }
    assertFalse(RedditText.isGone(null));
  }

  @Test
  void commentsUnderASkippedPostAreLeftOutInAnyFileOrder(@TempDir Path dir) throws IOException {
    Path comments = dir.resolve("comments.jsonl");
    Files.writeString(comments, """
        {"id": "c1", "link_id": "t3_nsfw", "parent_id": "t3_nsfw", "body": "explicit reply", "subreddit": "pics"}
        {"id": "c2", "link_id": "t3_ok", "parent_id": "t3_ok", "body": "kept reply", "subreddit": "pics"}
        {"id": "c3", "link_id": "t3_gone", "parent_id": "t3_gone", "body": "reply to removed", "subreddit": "pics"}
        """);
    Path posts = dir.resolve("posts.jsonl");
    Files.writeString(posts, """
        {"id": "nsfw", "title": "NSFW post", "over_18": true, "subreddit": "pics"}
        {"id": "ok", "title": "A post", "subreddit": "pics"}
        {"id": "gone", "title": "[removed]", "subreddit": "pics"}
        """);
    ImportResult result = importer.read(List.of(comments, posts));
    assertEquals(List.of("c2"), result.comments().stream().map(RedditComment::id).toList());
    assertEquals(2, result.skipped().get("comment under a skipped post"));
  }

  @Test
  void badBytesRunTogetherRecordsAndByteOrderMarksInJsonLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dump.jsonl");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] first = "{\"id\": \"p1\", \"title\": \"caf".getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = {(byte) 0xE9}; // "é" in Latin-1: not UTF-8
    byte[] rest = ("\"}\n{\"id\": \"p2\", \"title\": \"two\"}{\"id\": \"p3\", \"title\": \"three\"}\n"
        + "{\"id\": \"p4\", \"title\": \"four\"}\n").getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(bom, first, latin1, rest));
    ImportResult result = importer.read(file);
    assertEquals(List.of("caf\uFFFD", "four"), result.posts().stream().map(RedditPost::title).toList());
    assertEquals(List.of(2L), result.problems().stream().map(ImportProblem::line).toList());
    assertTrue(result.problems().get(0).message().startsWith("not JSON"), result.problems().get(0).message());
  }

  @Test
  void csvWithByteOrderMarkBlankLinesAndAnEmptyTitle(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("titles.csv");
    Files.writeString(file, "\uFEFFsubreddit,title\nJokes,first\n\nJokes,\"\"\n\nJokes,second\n");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    ImportResult result = importer.read(List.of(empty, file));
    assertEquals(List.of("first", "second"), result.posts().stream().map(RedditPost::title).toList());
    assertEquals(List.of(empty + ":1: bad CSV header: Empty header line: can not bind data",
        file + ":4: empty \"title\""), result.problems().stream().map(ImportProblem::toString).toList());
  }

  @Test
  void csvRowsKeepTheirLineNumbersAfterARowWithTooManyFields(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rows.csv");
    Files.writeString(file, "id,title,selftext,score,subreddit\na1,x,,1,Jokes,extra\na2,y,,1,Jokes,extra\n"
        + "a3,\"z\nover two lines\",,1,Jokes,extra\na4,bad,,zz,Jokes\na5,fine,,2,Jokes\n");
    ImportResult result = importer.read(file);
    assertEquals(List.of(2L, 3L, 4L, 6L), result.problems().stream().map(ImportProblem::line).toList(),
        result.problems().toString());
    assertEquals(List.of("a5"), result.posts().stream().map(RedditPost::id).toList());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void csvWithoutTitleOrBodyColumnIsOneProblem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "a,b\n1,2\n");
    ImportResult result = importer.read(file);
    assertEquals(1, result.problems().size());
    assertTrue(result.problems().get(0).message().contains("title"));
  }

  @Test
  void readsOver18AndAuthorFromJsonLinesAndKeepsOver18PostsOnlyWhenAsked(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dump.jsonl");
    Files.writeString(file, """
        {"id": "p1", "author": "alice", "title": "Safe", "selftext": "", "over_18": false}
        {"id": "p2", "author": "bob", "title": "Spicy", "selftext": "", "over_18": true}
        {"id": "p3", "title": "No author", "selftext": ""}
        {"id": "c1", "author": "carol", "link_id": "t3_p1", "parent_id": "t3_p1", "body": "hi"}
        {"id": "c2", "author": null, "link_id": "t3_p1", "parent_id": "t1_c1", "body": "ho"}
        """);

    ImportResult kept = new RedditImporter(true).read(file);
    assertEquals(List.of(false, true, false), kept.posts().stream().map(RedditPost::over18).toList());
    assertEquals(Arrays.asList("alice", "bob", null), kept.posts().stream().map(RedditPost::author).toList());
    assertEquals(Arrays.asList("carol", null), kept.comments().stream().map(RedditComment::author).toList());
    assertEquals(Map.of(), kept.skipped());

    ImportResult dropped = importer.read(file);
    assertEquals(List.of("p1", "p3"), dropped.posts().stream().map(RedditPost::id).toList());
    assertEquals(Map.of("over_18 post", 1), dropped.skipped());
  }

  @Test
  void readsOver18AndAuthorColumnsFromCsvWhenPresent(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("export.csv");
    Files.writeString(file, """
        id,subreddit,author,title,selftext,over_18
        b1,Jokes,alice,Safe,,false
        b2,Jokes,,Spicy,,true
        """);

    ImportResult result = new RedditImporter(true).read(file);
    assertEquals(List.of(false, true), result.posts().stream().map(RedditPost::over18).toList());
    assertEquals(Arrays.asList("alice", null), result.posts().stream().map(RedditPost::author).toList());
    assertEquals(List.of(), result.problems());
    assertNull(read("bigquery_titles.csv").posts().get(0).author(), "no author column");
  }

  @Test
  void readsOver18AndAuthorFromApiJson() {
    ImportResult listing = new RedditImporter(true).read(FIXTURES.resolve("api_listing_AskReddit_hot_2016.json"));
    assertEquals(102, listing.posts().size());
    assertEquals(List.of("48dww5", "48eti2", "48cu42"),
        listing.posts().stream().filter(RedditPost::over18).map(RedditPost::id).toList());
    assertEquals("orangejulius", listing.posts().get(0).author());

    ImportResult page = read("api_comments_redditdev_2gmzqe_2016.json");
    assertEquals("bboe", page.posts().get(0).author());
    assertEquals("paneer_burrito", page.comments().get(0).author());
  }

  @Test
  void unknownFileKindIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> importer.read(Path.of("data.xml")));
    assertTrue(e.getMessage().startsWith("data.xml"));
  }

  /** Writes down every call in order, as "kind detail". */
  private static class Recorder implements ImportSink {
    final List<String> calls = new ArrayList<>();

    @Override
    public void post(RedditPost post) {
      calls.add("post " + post.id());
    }

    @Override
    public void comment(RedditComment comment) {
      calls.add("comment " + comment.id());
    }

    @Override
    public void skipped(String reason, String subreddit, String fullname) {
      calls.add("skipped " + subreddit + " " + fullname + " " + reason);
    }

    @Override
    public void problem(ImportProblem problem) {
      calls.add("problem " + problem.line());
    }
  }

  @Test
  void streamsJsonLinesRecordByRecordInFileOrderNamingWhatItSkipsAndPassingRepeatsOn() {
    Recorder sink = new Recorder();
    importer.stream(FIXTURES.resolve("bad_lines.jsonl"), sink);
    assertEquals(List.of("post a1", "problem 2", "problem 4", "problem 5",
        "skipped Jokes t1_c2 [deleted]/[removed] comment", "comment c3", "problem 8", "problem 9", "post a1"),
        sink.calls);
  }

  @Test
  void streamsCsvRowsAndASkippedPostWithoutIdHasNoFullname() {
    Recorder sink = new Recorder();
    importer.stream(FIXTURES.resolve("bigquery_titles.csv"), sink);
    assertEquals(List.of("post ", "post ", "skipped Jokes null [deleted]/[removed] post", "problem 6", "post "),
        sink.calls);
  }

  @Test
  void aFailingSinkStopsTheStreamInsteadOfCountingAsABadRow() {
    ImportSink failing = new Recorder() {
      @Override
      public void post(RedditPost post) {
        throw new IllegalStateException("disk full");
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> importer.stream(FIXTURES.resolve("bigquery_titles.csv"), failing));
    assertEquals("disk full", e.getMessage());
  }

  private static void assertNoEntities(ImportResult result) {
    Stream<String> texts = Stream.concat(
        result.posts().stream().flatMap(p -> Stream.of(p.title(), p.selftext())),
        result.comments().stream().map(RedditComment::body));
    assertTrue(texts.noneMatch(t -> t.contains("&gt;") || t.contains("&lt;")));
  }
}
