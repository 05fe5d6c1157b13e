package subsim.bot.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.keywords.reddit.ImportProblem;

class DumpImporterTest {

  private static final Path DUMPS = Path.of("src/test/resources/fixtures/dumps");
  private static final Path POSTS = DUMPS.resolve("RS_jokes_pushshift.jsonl");
  private static final Path COMMENTS = DUMPS.resolve("RC_jokes_pushshift.jsonl");
  private static final Path THREAD = DUMPS.resolve("jokes_nsfw_and_bot_thread.jsonl");
  private static final Path DELETED = DUMPS.resolve("jokes_deleted_thread.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final List<String> progress = new ArrayList<>();

  private DumpImporter.Result run(String subreddit, Path... dumps) {
    return new DumpImporter(subreddit, dir.resolve("out.jsonl"), dir.resolve("out.comments.jsonl"), progress::add)
        .run(List.of(dumps));
  }

  private List<JsonNode> lines(String name) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(name))) {
      records.add(JSON.readTree(line));
    }
    return records;
  }

  private List<String> ids(String name) throws IOException {
    return lines(name).stream().map(r -> r.get("id").asText()).toList();
  }

  @Test
  void importsPushshiftDumpsSkippingGoneNsfwOtherSubredditsAndDuplicates() throws IOException {
    DumpImporter.Result result = run("Jokes", POSTS, COMMENTS);

    assertEquals(List.of("p1", "p2", "p7"), ids("out.jsonl"));
    assertEquals(List.of("c1", "c2", "c6"), ids("out.comments.jsonl"));
    assertEquals(3, result.posts());
    assertEquals(3, result.comments());
    assertEquals(Map.of("over_18 post", 1, "[deleted]/[removed] post", 1, "[deleted]/[removed] comment", 1,
        "duplicate post id", 1, DumpImporter.OTHER_SUBREDDIT, 2), result.skipped());
    JsonNode first = lines("out.jsonl").get(0);
    assertEquals("He was outstanding in his field & loved it.", first.get("selftext").asText());
    assertEquals(120, first.get("score").asLong());
    assertEquals(1500000000, first.get("created_utc").asLong());
    JsonNode reply = lines("out.comments.jsonl").get(1);
    assertEquals("t3_p1", reply.get("link_id").asText());
    assertEquals("t1_c1", reply.get("parent_id").asText());
    assertEquals(4, progress.size(), "one progress line per dump and pass");
    assertEquals(COMMENTS + ": 14 records read, 2 bad; 3 posts, 3 comments added so far", progress.get(3));
  }

  @Test
  void reportsBadLinesWithFileAndLineAndKeepsTheRest() {
    DumpImporter.Result result = run("Jokes", POSTS, COMMENTS);

    List<String> problems = result.problems().stream().map(ImportProblem::toString).toList();
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(POSTS + ":6: not JSON"), problems.get(0));
    assertTrue(problems.get(1).startsWith(COMMENTS + ":4: missing field \"link_id\""), problems.get(1));
    assertEquals(3, result.posts(), "lines after the bad one are imported");
  }

  @Test
  void secondRunAddsNothingAndChangesNoByte() throws IOException {
    run("Jokes", POSTS, COMMENTS);
    byte[] posts = Files.readAllBytes(dir.resolve("out.jsonl"));
    byte[] comments = Files.readAllBytes(dir.resolve("out.comments.jsonl"));

    DumpImporter.Result again = run("Jokes", POSTS, COMMENTS);

    assertEquals(0, again.posts());
    assertEquals(0, again.comments());
    assertEquals(6, again.skipped().get(DumpImporter.ALREADY_WRITTEN));
    assertEquals(new String(posts), Files.readString(dir.resolve("out.jsonl")));
    assertEquals(new String(comments), Files.readString(dir.resolve("out.comments.jsonl")));
  }

  @Test
  void addsOnlyWhatAnEarlierCollectDidNotWrite() throws IOException {
    Files.writeString(dir.resolve("out.jsonl"), "{\"subreddit\":\"Jokes\",\"id\":\"p2\",\"title\":\"t\",\"selftext\":\"\","
        + "\"score\":1,\"created_utc\":1}\n{\"subreddit\":\"Jokes\",\"id\":\"p7\",\"ti");  // cut off by a crash

    DumpImporter.Result result = run("Jokes", POSTS);

    assertEquals(2, result.posts());
    assertEquals(1, result.skipped().get(DumpImporter.ALREADY_WRITTEN));
    assertEquals(List.of("p2", "p1", "p7"), ids("out.jsonl"), "the cut-off record is cut away and written whole");
  }

  @Test
  void importsABigQueryExportWithTypedColumns() throws IOException {
    Path csv = DUMPS.resolve("bigquery_jokes.csv");
    DumpImporter.Result result = run("Jokes", csv);

    assertEquals(List.of("b1", "b2"), ids("out.jsonl"));
    assertEquals("Two\nlines in a title", lines("out.jsonl").get(1).get("title").asText());
    assertEquals(Map.of("over_18 post", 1, "[deleted]/[removed] post", 1), result.skipped());
    assertEquals(1, result.problems().size());
    assertEquals(csv, result.problems().get(0).file());
    assertEquals(7, result.problems().get(0).line(), "the row of b5, after a two-line row");
    assertTrue(result.problems().get(0).message().contains("\"score\""), result.problems().get(0).toString());
  }

  @Test
  void givesIdLessSeedExportPostsStableIdsSoTheyAreNotWrittenTwice() throws IOException {
    Path csv = DUMPS.resolve("bigquery_seed_titles.csv");
    DumpImporter.Result first = run("jokes", csv);
    DumpImporter.Result second = run("jokes", csv);

    List<JsonNode> posts = lines("out.jsonl");
    assertEquals(List.of("What do you call a fake noodle?", "A title, with a comma"),
        posts.stream().map(p -> p.get("title").asText()).toList());
    assertEquals(DumpImporter.contentId("Jokes", "What do you call a fake noodle?", ""), posts.get(0).get("id").asText());
    assertTrue(posts.get(1).get("id").asText().startsWith("h_"));
    assertEquals(Map.of(DumpImporter.ALREADY_WRITTEN, 1, DumpImporter.OTHER_SUBREDDIT, 1), first.skipped());
    assertEquals(0, second.posts());
    assertEquals(3, second.skipped().get(DumpImporter.ALREADY_WRITTEN));
  }

  @Test
  void takesTheRequestedSubredditWhenTheSourceHasNoSubredditColumn() throws IOException {
    DumpImporter.Result result = run("cleanjokes", DUMPS.resolve("csv_top1000_cleanjokes_2013_head.csv"));

    assertEquals(4, result.posts());
    assertEquals(List.of("17xzdy", "110g0o", "19urfy", "16oo43"), ids("out.jsonl"));
    assertTrue(lines("out.jsonl").stream().allMatch(p -> p.get("subreddit").asText().equals("cleanjokes")));
  }

  private DumpImporter.Result runThread(boolean includeNsfw, Set<String> bots) {
    return new DumpImporter("Jokes", dir.resolve("out.jsonl"), dir.resolve("out.comments.jsonl"), includeNsfw, bots,
        progress::add).run(List.of(THREAD));
  }

  @Test
  void includeNsfwKeepsTheNsfwPostAndItsComments() throws IOException {
    DumpImporter.Result result = runThread(true, Set.of());

    assertEquals(List.of("n1", "n2", "n3"), ids("out.jsonl"));
    assertEquals(List.of("d1", "d2", "d3", "d6", "d4", "d5", "d7", "d8"), ids("out.comments.jsonl"));
    assertEquals(Map.of(), result.skipped());
  }

  @Test
  void withoutIncludeNsfwDropsTheNsfwPostAndEveryCommentUnderIt() throws IOException {
    DumpImporter.Result result = runThread(false, Set.of());

    assertEquals(List.of("n2", "n3"), ids("out.jsonl"));
    assertEquals(List.of("d3", "d6", "d4", "d5", "d7", "d8"), ids("out.comments.jsonl"));
    assertEquals(Map.of(DumpImporter.NSFW_POST, 1, DumpImporter.UNDER_DROPPED, 2), result.skipped());
  }

  @Test
  void aPostDroppedByAnEarlierRunStaysDroppedWithItsCommentsWhateverTheNewRules() throws IOException {
    runThread(false, Set.of()); // n1 is NSFW: dropped and listed
    DumpImporter.Result again = runThread(true, Set.of());

    assertEquals(List.of("n2", "n3"), ids("out.jsonl"));
    assertEquals(List.of("d3", "d6", "d4", "d5", "d7", "d8"), ids("out.comments.jsonl"));
    assertEquals(1, again.skipped().get(DumpImporter.DROPPED_POST), again.skipped().toString());
    assertEquals(2, again.skipped().get(DumpImporter.UNDER_DROPPED), again.skipped().toString());
  }

  @Test
  void botsOwnPostsAndCommentsAreDroppedWithTheRepliesUnderThem() throws IOException {
    DumpImporter.Result result = runThread(true, Set.of("subsim_bot"));

    assertEquals(List.of("n1", "n3"), ids("out.jsonl"));
    assertEquals(List.of("d1", "d2", "d7", "d8"), ids("out.comments.jsonl"), "d3 under the bot's post; d4 (author "
        + "SubSim_Bot), d5 under it, d6 under d5 although listed before it");
    assertEquals(Map.of(DumpImporter.BOT_POST, 1, DumpImporter.BOT_COMMENT, 1, DumpImporter.UNDER_DROPPED, 3),
        result.skipped());
  }

  @Test
  void repliesUnderADeletedCommentOrARemovedPostAreDroppedWhetherListedBeforeOrAfterIt() throws IOException {
    DumpImporter.Result result = run("Jokes", DELETED);

    assertEquals(List.of("q1"), ids("out.jsonl"));
    assertEquals(List.of("e1", "e6"), ids("out.comments.jsonl"), "e3 before its deleted parent e2, e4 after it, e5 "
        + "under e4; e7 before its removed post q2, e8 under e7");
    assertEquals(Map.of("[deleted]/[removed] post", 1, "[deleted]/[removed] comment", 2,
        DumpImporter.UNDER_DROPPED, 5), result.skipped());
  }

  @Test
  void repliesInAnotherDumpAreDroppedWhicheverDumpComesFirst() throws IOException {
    List<String> lines = Files.readAllLines(DELETED);
    Path replies = Files.write(dir.resolve("RC_replies.jsonl"),
        lines.stream().filter(l -> l.contains("\"t1_e2\"") || l.contains("\"t1_e4\"")).toList());
    Path rest = Files.write(dir.resolve("RC_rest.jsonl"),
        lines.stream().filter(l -> !l.contains("\"t1_e2\"") && !l.contains("\"t1_e4\"")).toList());

    DumpImporter.Result repliesFirst = run("Jokes", replies, rest);
    assertEquals(List.of("q1"), ids("out.jsonl"));
    assertEquals(List.of("e1", "e6"), ids("out.comments.jsonl"));
    assertEquals(5, repliesFirst.skipped().get(DumpImporter.UNDER_DROPPED));

    Files.delete(dir.resolve("out.jsonl"));
    Files.delete(dir.resolve("out.comments.jsonl"));
    DumpImporter.Result repliesLast = run("Jokes", rest, replies);
    assertEquals(List.of("e1", "e6"), ids("out.comments.jsonl"));
    assertEquals(5, repliesLast.skipped().get(DumpImporter.UNDER_DROPPED));
  }

  @Test
  void aDumpFullOfBadLinesKeepsOnlyTheFirstProblemsAndCountsTheRest() throws IOException {
    Path bad = Files.write(dir.resolve("bad.jsonl"), java.util.Collections.nCopies(250, "not json"));
    DumpImporter.Result result = run("Jokes", bad);
    assertEquals(250, result.problemCount());
    assertEquals(DumpImporter.PROBLEMS_KEPT, result.problems().size());
    assertEquals(1, result.problems().get(0).line());
  }

  @Test
  void commentsOfAPostLeftOutInAnEarlierRunAreLeftOutToo() throws IOException {
    List<String> lines = Files.readAllLines(THREAD);
    Path posts = Files.write(dir.resolve("RS.jsonl"), lines.stream().filter(l -> l.contains("\"title\"")).toList());
    Path comments = Files.write(dir.resolve("RC.jsonl"), lines.stream().filter(l -> !l.contains("\"title\"")).toList());
    run("Jokes", posts); // the NSFW post n1 is left out, and nothing says so in the corpus

    assertEquals(List.of("t3_n1"), Files.readAllLines(dir.resolve("out.jsonl.dropped")));
    DumpImporter.Result second = run("Jokes", comments);
    assertEquals(List.of("d3", "d6", "d4", "d5", "d7", "d8"), ids("out.comments.jsonl"));
    assertEquals(Map.of(DumpImporter.UNDER_DROPPED, 2), second.skipped(), "d1 and d2, under n1");
    assertEquals(List.of("t3_n1", "t1_d1", "t1_d2"), Files.readAllLines(dir.resolve("out.jsonl.dropped")));

    // A comment whose post was never seen (a morechildren answer, a month's comments alone) is kept.
    Path orphan = Files.writeString(dir.resolve("RC_orphan.jsonl"), "{\"id\": \"o1\", \"link_id\": \"t3_zz\","
        + " \"parent_id\": \"t3_zz\", \"body\": \"under a post not collected\", \"subreddit\": \"Jokes\"}\n");
    assertEquals(1, run("Jokes", orphan).comments());
  }

  @Test
  void aCorpusWithAStrangeLineIsRefusedAndARecordCutShortIsFetchedAgain() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"id\": \"a1\", \"title\": \"t\"}\nmy notes\n{\"id\": \"a2\", \"title\": \"u\"}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("Jokes", POSTS));
    assertEquals(out + ":2: not a JSON record, so not a corpus file to add to", e.getMessage());

    // An interrupted run left p1 half written: it is cut off and written whole, once.
    String p1 = Files.readAllLines(POSTS).get(0);
    Files.writeString(out, "{\"id\": \"a1\", \"title\": \"t\"}\n" + p1.substring(0, 20));
    run("Jokes", POSTS);
    assertEquals(List.of("a1", "p1", "p2", "p7"), ids("out.jsonl"));
    run("Jokes", POSTS);
    assertEquals(List.of("a1", "p1", "p2", "p7"), ids("out.jsonl"), "a second run reads the file whole");

    // An editor's byte-order mark, and a record cut after its first byte.
    Files.writeString(out, "\uFEFF{\"id\": \"a1\", \"title\": \"t\"}\n{");
    run("Jokes", POSTS);
    assertEquals(List.of("a1", "p1", "p2", "p7"), Files.readAllLines(out).stream()
        .map(line -> line.replace("\uFEFF", "")).map(line -> {
          try {
            return JSON.readTree(line).get("id").asText();
          } catch (IOException bad) {
            throw new java.io.UncheckedIOException(bad);
          }
        }).toList());
  }

  @Test
  void writesTheCorpusFormatWithoutAuthorOrOver18() throws IOException {
    runThread(true, Set.of());

    assertEquals(Set.of("subreddit", "id", "title", "selftext", "score", "created_utc"), fieldNames("out.jsonl"));
    assertEquals(Set.of("subreddit", "id", "link_id", "parent_id", "body", "score", "created_utc"),
        fieldNames("out.comments.jsonl"));
  }

  private Set<String> fieldNames(String name) throws IOException {
    Set<String> names = new HashSet<>();
    lines(name).forEach(record -> record.fieldNames().forEachRemaining(names::add));
    return names;
  }

  @Test
  void checksEveryDumpExistsBeforeWritingAnything() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run("Jokes", POSTS, dir.resolve("missing.jsonl")));

    assertTrue(e.getMessage().contains("missing.jsonl: no such file"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out.jsonl")));
  }
}
