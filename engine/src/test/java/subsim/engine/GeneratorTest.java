package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

  private static Gpt2Model model;
  private static JsonNode expected;
  private static Generator generator;
  private static int[] prompt;

  @BeforeAll
  static void load() throws Exception {
    model = Gpt2Model.load(Fixtures.gpt2Tiny());
    expected = Fixtures.expected();
    generator = new Generator(model, Tokenizer.gpt2());
    prompt = Fixtures.ints(expected.get("input_ids"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static GenerationOptions greedy(int n) {
    return GenerationOptions.defaults().withGreedy(true).withMaxNewTokens(n);
  }

  @Test
  void greedyMatchesTheReferenceContinuation() {
    List<Sample> samples = generator.generate(prompt, greedy(24), TokenListener.NONE);
    assertArrayEquals(Fixtures.ints(expected.get("greedy_continuation")), samples.get(0).ids());
  }

  @Test
  void cachedGenerationEqualsFullRecomputation() {
    int steps = 40;
    int[] cached = generator.generate(prompt, greedy(steps), TokenListener.NONE).get(0).ids();
    int[] sequence = Arrays.copyOf(prompt, prompt.length + steps);
    for (int t = prompt.length; t < sequence.length; t++) {
      float[] logits = Gpt2ModelTest.lastLogits(model, Arrays.copyOf(sequence, t));
      sequence[t] = new GreedySampler().sample(logits, null);
    }
    assertArrayEquals(Arrays.copyOfRange(sequence, prompt.length, sequence.length), cached);
  }

  @Test
  void batchRowsMatchSingleGeneration() {
    int[] single = generator.generate(prompt, greedy(12), TokenListener.NONE).get(0).ids();
    List<Sample> batch = generator.generate(prompt, greedy(12).withSamples(3), TokenListener.NONE);
    assertEquals(3, batch.size());
    for (Sample sample : batch) {
      assertArrayEquals(single, sample.ids());
    }
  }

  @Test
  void seedMakesSamplingReproducible() {
    GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(20).withTemperature(1.5).withSamples(2);
    List<Sample> a = generator.generate(prompt, options.withSeed(42), TokenListener.NONE);
    List<Sample> b = generator.generate(prompt, options.withSeed(42), TokenListener.NONE);
    List<Sample> c = generator.generate(prompt, options.withSeed(43), TokenListener.NONE);
    assertArrayEquals(a.get(0).ids(), b.get(0).ids());
    assertArrayEquals(a.get(1).ids(), b.get(1).ids());
    assertNotEquals(Arrays.toString(a.get(0).ids()), Arrays.toString(a.get(1).ids()), "rows draw independently");
    assertNotEquals(Arrays.toString(a.get(0).ids()), Arrays.toString(c.get(0).ids()));
  }

  @Test
  void stopTextEndsAndTruncatesTheSample() {
    Tokenizer tokenizer = Tokenizer.gpt2();
    int[] full = generator.generate(prompt, greedy(24), TokenListener.NONE).get(0).ids();
    String fullText = tokenizer.decode(full);
    String stop = tokenizer.decode(new int[] {full[10]});
    int at = fullText.indexOf(stop);
    List<Integer> heard = new ArrayList<>();
    Sample sample = generator.generate(prompt, greedy(24).withStop(stop).withKeepPrefix(false),
        (row, id) -> heard.add(id)).get(0);
    assertEquals(fullText.substring(0, at), sample.text());
    assertTrue(tokenizer.decode(sample.ids()).length() <= at);
    assertTrue(heard.size() < 24, "generation stopped early, heard " + heard.size());
    assertEquals(full[heard.size() - 1], heard.get(heard.size() - 1));
  }

  @Test
  void oneRowEndingLeavesTheOtherRowsDrawsAsTheyWere() {
    Tokenizer tokenizer = Tokenizer.gpt2();
    GenerationOptions options = GenerationOptions.defaults().withMaxNewTokens(16).withTemperature(1.5).withSamples(2)
        .withSeed(11).withKeepPrefix(false);
    List<Sample> free = generator.generate(prompt, options, TokenListener.NONE);
    // A stop text that ends row 0 early and never occurs in row 1.
    int[] first = free.get(0).ids();
    String stop = null;
    for (int k = 2; k < first.length && stop == null; k++) {
      String candidate = tokenizer.decode(new int[] {first[k]});
      boolean fresh = !tokenizer.decode(Arrays.copyOf(first, k)).contains(candidate);
      if (candidate.strip().length() > 1 && fresh && !free.get(1).text().contains(candidate)) {
        stop = candidate;
      }
    }
    assertTrue(stop != null, "no stop text found in " + free.get(0).text());
    List<Sample> stopped = generator.generate(prompt, options.withStop(stop), TokenListener.NONE);
    assertTrue(stopped.get(0).ids().length < first.length, "row 0 did not stop at '" + stop + "'");
    assertArrayEquals(free.get(1).ids(), stopped.get(1).ids(), "row 1 changed because row 0 stopped");
  }

  @Test
  void aCharacterSplitBetweenPromptAndNewTokenComesOutWhole(@TempDir Path dir) {
    int[] emojiStart = Tokenizer.gpt2().encode(" \uD83D\uDE00"); // " 😀": the last id holds the emoji's last byte
    int last = emojiStart[emojiStart.length - 1];
    int[] head = Arrays.copyOf(emojiStart, emojiStart.length - 1);
    try (Gpt2Model picking = alwaysPicking(last, 50257, dir)) {
      Generator always = new Generator(picking, Tokenizer.gpt2());
      assertEquals(" \uD83D\uDE00", always.generate(head, greedy(1), TokenListener.NONE).get(0).text());
      assertEquals("\uD83D\uDE00", always.generate(head, greedy(1).withKeepPrefix(false), TokenListener.NONE).get(0)
          .text());
      Sample stopped = always.generate(head, greedy(3).withKeepPrefix(false).withStop("\uD83D\uDE00"),
          TokenListener.NONE).get(0);
      assertEquals("", stopped.text());
      assertEquals(0, stopped.ids().length);
    }
  }

  @Test
  void aVocabularyPaddedPastGpt2sNeverDrawsAnIdTheTokenizerCannotDecode(@TempDir Path dir) {
    try (Gpt2Model padded = alwaysPicking(50300, 50304, dir)) {
      Sample sample = new Generator(padded, Tokenizer.gpt2()).generate(new int[] {1, 2}, greedy(3),
          TokenListener.NONE).get(0);
      assertEquals(3, sample.ids().length);
      assertTrue(Arrays.stream(sample.ids()).allMatch(id -> id < 50257), Arrays.toString(sample.ids()));
    }
  }

  /**
   * A model that prefers {@code token} after any input: ln_f gives one constant vector, which only {@code token}'s
   * embedding (the tied LM head) points along.
   */
  private static Gpt2Model alwaysPicking(int token, int vocab, Path dir) {
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(2, 2, 64, 64, vocab, 1e-5), 5)) {
      Map<String, NDArray> p = random.parameters();
      p.get("ln_f.weight").set(new NDIndex(":"), 0f);
      p.get("ln_f.bias").set(new NDIndex(":"), 0f);
      p.get("ln_f.bias").set(new NDIndex("0"), 1f);
      p.get("wte.weight").set(new NDIndex(":, 0"), 0f);
      p.get("wte.weight").set(new NDIndex("{}, 0", token), 100f);
      random.save(dir.resolve("model"));
    }
    return Gpt2Model.load(dir.resolve("model"));
  }

  @Test
  void prefixIsKeptOrDropped() {
    Tokenizer tokenizer = Tokenizer.gpt2();
    Sample kept = generator.generate(prompt, greedy(5), TokenListener.NONE).get(0);
    Sample dropped = generator.generate(prompt, greedy(5).withKeepPrefix(false), TokenListener.NONE).get(0);
    assertEquals(tokenizer.decode(prompt) + dropped.text(), kept.text());
    assertEquals(tokenizer.decode(kept.ids()), dropped.text());
  }

  @Test
  void listenerHearsEveryTokenInOrder() {
    List<Integer> heard = new ArrayList<>();
    Sample sample = generator.generate(prompt, greedy(8), (row, id) -> heard.add(id)).get(0);
    assertEquals(Arrays.stream(sample.ids()).boxed().toList(), heard);
  }

  @Test
  void rejectsPromptIdsOutsideTheVocabulary() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> generator.generate(new int[] {5, 1000}, greedy(2), TokenListener.NONE));
    assertEquals("prompt token id 1000 is outside the model's vocabulary [0, 1000)", e.getMessage());
  }

  @Test
  void rejectsMoreNewTokensThanASampleCanHold() {
    // Their sum overflowed an int once, and generate printed "subsim: -2147483648".
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> generator.generate(prompt, greedy(Integer.MAX_VALUE), TokenListener.NONE));
    assertEquals("max new tokens 2147483647 plus the prompt's 13 tokens is more than a sample can hold "
        + "(2147483647 tokens)", e.getMessage());
  }

  @Test
  void memoryStaysFlatOverTwoThousandTokens() {
    // A full GPT-2 vocabulary makes each step's logits 200 KB, so a leak per step would show in megabytes.
    try (Gpt2Model small = Gpt2Model.random(new Gpt2Config(1, 2, 32, 128, 50257, 1e-5), 1)) {
      Generator longGenerator = new Generator(small, Tokenizer.gpt2());
      GenerationOptions options = greedy(2000).withRepetitionPenalty(1.3);
      int[] start = Tokenizer.gpt2().encode("Once upon a time");
      longGenerator.generate(start, options.withMaxNewTokens(200), TokenListener.NONE); // warm-up
      int arraysBefore = small.manager().getManagedArrays().size();
      long nativeBefore = nativeBytes();
      int[] ids = longGenerator.generate(start, options, TokenListener.NONE).get(0).ids();
      long growth = nativeBytes() - nativeBefore;
      assertEquals(arraysBefore, small.manager().getManagedArrays().size(), "NDArrays left behind");
      assertTrue(ids.length > 128, "generated past the context: " + ids.length);
      assertTrue(growth < 64L << 20, "resident memory outside the Java heap grew by " + (growth >> 20) + " MB");
    }
  }

  /** Resident set size minus the committed Java heap: the memory libtorch and DJL hold. */
  private static long nativeBytes() {
    System.gc();
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          long rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          return rss - Runtime.getRuntime().totalMemory();
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
