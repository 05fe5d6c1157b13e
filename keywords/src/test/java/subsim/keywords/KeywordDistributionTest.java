package subsim.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeywordDistributionTest {

  private final KeywordDistribution distribution = KeywordDistribution.of(List.of(
      List.of("cat", "dog", "cat"), List.of("cat"), List.of("cat", "bird"), List.of("dog")));

  @Test
  void countsEachKeywordOncePerDocument() {
    assertEquals(3, distribution.count("cat"));
    assertEquals(2, distribution.count("dog"));
    assertEquals(1, distribution.count("bird"));
    assertEquals(0, distribution.count("fish"));
    assertEquals(3, distribution.size());
    assertEquals(6, distribution.total());
    assertEquals(List.of(Map.entry("cat", 3L), Map.entry("dog", 2L)), distribution.top(2));
  }

  @Test
  void sampleGivesDistinctKeywordsAndNeverMoreThanExist() {
    Random random = new Random(1);
    for (int i = 0; i < 100; i++) {
      List<String> sample = distribution.sample(2, random);
      assertEquals(2, sample.size());
      assertEquals(2, new HashSet<>(sample).size());
    }
    assertEquals(3, distribution.sample(10, random).size());
    assertEquals(List.of(), distribution.sample(0, random));
    assertThrows(IllegalArgumentException.class, () -> distribution.sample(-1, random));
  }

  @Test
  void singleDrawsFollowTheCounts() {
    Random random = new Random(42);
    Map<String, Integer> drawn = new HashMap<>();
    int n = 60_000;
    for (int i = 0; i < n; i++) {
      drawn.merge(distribution.sample(1, random).get(0), 1, Integer::sum);
    }
    assertEquals(3.0 / 6, drawn.get("cat") / (double) n, 0.01);
    assertEquals(2.0 / 6, drawn.get("dog") / (double) n, 0.01);
    assertEquals(1.0 / 6, drawn.get("bird") / (double) n, 0.01);
  }

  @Test
  void sameSeedSameSample() {
    assertEquals(distribution.sample(2, new Random(9)), distribution.sample(2, new Random(9)));
  }

  @Test
  void writesAndReadsBack(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keywords.tsv");
    distribution.write(file);
    KeywordDistribution read = KeywordDistribution.read(file);
    assertEquals(distribution.top(10), read.top(10));
  }

  @Test
  void badCountNamesFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keywords.tsv");
    Files.writeString(file, "cat\t3\ndog\tmany\n");
    IOException e = assertThrows(IOException.class, () -> KeywordDistribution.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
  }

  @Test
  void readsTheKeywordsOfATrainingText(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("train.txt");
    Files.writeString(file, KeywordFormat.encodePost("c", List.of("cat", "dog"), "t", "") + "\n"
        + KeywordFormat.encodeComment("c", List.of("cat"), "t", "", List.of(), "x") + "\nnot a document\n");
    KeywordDistribution read = KeywordDistribution.ofTrainingText(file);
    assertEquals(2, read.count("cat"));
    assertEquals(1, read.count("dog"));
  }
}
