package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
