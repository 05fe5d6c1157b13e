package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.keywords.DecodedDocument;
import subsim.keywords.KeywordDistribution;
import subsim.keywords.KeywordFormat;

class EncodeCommandTest {

  private static Path write(Path dir, String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  @Test
  void encodesPostsAndThreadsAndSummarizes(@TempDir Path dir) throws IOException {
    Path data = write(dir, "data.jsonl",
        "{\"subreddit\": \"Pets\", \"id\": \"p1\", \"title\": \"My dog learned a new trick\", \"selftext\": \"He sits.\\nGood boy.\"}",
        "{\"subreddit\": \"Pets\", \"id\": \"c1\", \"link_id\": \"t3_p1\", \"parent_id\": \"t3_p1\", \"body\": \"Cute dog!\"}",
        "{\"subreddit\": \"Pets\", \"id\": \"c2\", \"link_id\": \"t3_p1\", \"parent_id\": \"t1_c1\", \"body\": \"Thanks, he is a beagle.\"}",
        "{\"subreddit\": \"Pets\", \"id\": \"c3\", \"link_id\": \"t3_p1\", \"parent_id\": \"t1_c1\", \"body\": \"[removed]\"}",
        "not json");
    Path out = dir.resolve("train.txt");
    Path keywords = dir.resolve("keywords.tsv");
    CliRun run = CliRun.of("encode", "--in", data.toString(), "--out", out.toString(), "--repeat", "2",
        "--keywords-out", keywords.toString(), "--seed", "5");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.err().contains("bad record: " + data + ":5: not JSON"), run.err());
    assertTrue(run.out().contains("documents: 3 (1 posts, 2 comments) from 1 file(s)"), run.out());
    assertTrue(run.out().contains("lines written: 6 to " + out), run.out());
    assertTrue(run.out().contains("skipped: 2 (1 [deleted]/[removed] comment, 1 bad record (listed above))"), run.out());
    assertTrue(run.out().contains("documents/s"), run.out());
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(6, lines.size());
    List<DecodedDocument> decoded = lines.stream().map(KeywordFormat::decode).toList();
    assertTrue(decoded.stream().noneMatch(DecodedDocument::isMalformed));
    assertTrue(decoded.stream().anyMatch(d -> d.body().equals("He sits.\nGood boy.")));
    assertTrue(decoded.stream().anyMatch(d -> d.parentChain().equals(List.of("Cute dog!"))
        && d.comment().equals("Thanks, he is a beagle.")));
    assertTrue(decoded.stream().allMatch(d -> d.category().equals("pets")));
    assertTrue(KeywordDistribution.read(keywords).count("dog") >= 1);
    assertFalse(Files.exists(dir.resolve("train.txt.partial")));
  }

  @Test
  void sameSeedWritesTheSameFile(@TempDir Path dir) throws IOException {
    Path data = write(dir, "titles.csv", "subreddit,title", "Pets,Cats sleep all day", "Pets,Dogs love long walks",
        "Pets,Parrots can talk");
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    assertEquals(0, CliRun.of("encode", "--in", data.toString(), "--out", a.toString(), "--seed", "9").exit());
    assertEquals(0, CliRun.of("encode", "--in", data.toString(), "--out", b.toString(), "--seed", "9",
        "--threads", "1").exit());
    assertEquals(Files.readString(a), Files.readString(b));
  }

  @Test
  void subredditFilterWithNoMatchIsAUserError(@TempDir Path dir) throws IOException {
    Path data = write(dir, "titles.csv", "subreddit,title", "Pets,Cats sleep all day");
    CliRun run = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("o.txt").toString(),
        "--subreddit", "funny");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("subsim: no documents to encode"), run.err());
    CliRun prefixed = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("p.txt").toString(),
        "--subreddit", "r/Pets");
    assertEquals(0, prefixed.exit(), prefixed.err());
  }

  @Test
  void badOptionIsAUserError(@TempDir Path dir) throws IOException {
    Path data = write(dir, "titles.csv", "subreddit,title", "Pets,Cats sleep all day");
    CliRun run = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("o.txt").toString(),
        "--repeat", "0");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--repeat must be between 1 and 10000, got 0"), run.err());
    CliRun huge = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("o.txt").toString(),
        "--repeat", "2000000000");
    assertEquals(2, huge.exit());
    assertTrue(huge.err().contains("--repeat must be between 1 and 10000, got 2000000000"), huge.err());
  }

  @Test
  void maxKeywordsOutOfRangeIsAUserError(@TempDir Path dir) throws IOException {
    // The largest int overflowed the draw's bound (max + 1), and encode printed "subsim: bound must be positive".
    Path data = write(dir, "titles.csv", "subreddit,title", "Pets,Cats sleep all day");
    for (String value : List.of("2147483647", "-1")) {
      CliRun run = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("o.txt").toString(),
          "--max-keywords", value);
      assertEquals(2, run.exit());
      assertEquals("subsim: --max-keywords must be between 0 and 10000, got " + value, run.err().strip());
    }
  }

  @Test
  void anOutputThatIsAnInputOrCannotBeWrittenIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
    Path data = write(dir, "titles.csv", "subreddit,title", "Pets,Cats sleep all day");
    String before = Files.readString(data);
    CliRun same = CliRun.of("encode", "--in", data.toString(), "--out", data.toString());
    assertEquals(2, same.exit());
    assertEquals("subsim: --out " + data + " is also an --in file: encoding would overwrite it", same.err().strip());
    assertEquals(before, Files.readString(data));
    CliRun keywords = CliRun.of("encode", "--in", data.toString(), "--out", dir.resolve("o.txt").toString(),
        "--keywords-out", data.toString());
    assertEquals("subsim: --keywords-out " + data + " is also an --in file: encoding would overwrite it",
        keywords.err().strip());
    CliRun folder = CliRun.of("encode", "--in", data.toString(), "--out", dir.toString());
    assertEquals(2, folder.exit());
    assertEquals("subsim: --out " + dir + ": cannot write a file there", folder.err().strip());
  }
}
