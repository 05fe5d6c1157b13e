package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {

  /** Passes the logits it is given straight back, as a record of what earlier samplers did. */
  private static final class Capture implements Sampler {
    float[] seen;

    @Override
    public int sample(float[] logits, Random random) {
      seen = logits.clone();
      return -1;
    }
  }

  @Test
  void greedyTakesTheLargestLogit() {
    assertEquals(2, new GreedySampler().sample(new float[] {0.1f, -3f, 2.5f, 2.4f}, new Random()));
  }

  @Test
  void categoricalDrawsInProportionAndNeverMaskedTokens() {
    float[] logits = {(float) Math.log(1), (float) Math.log(3), Float.NEGATIVE_INFINITY, (float) Math.log(6)};
    int[] counts = new int[4];
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      counts[new CategoricalSampler().sample(logits.clone(), random)]++;
    }
    assertEquals(0, counts[2]);
    assertEquals(0.1, counts[0] / 20_000.0, 0.01);
    assertEquals(0.3, counts[1] / 20_000.0, 0.015);
    assertEquals(0.6, counts[3] / 20_000.0, 0.015);
  }

  @Test
  void temperatureDividesLogitsShiftedToAMaximumOfZero() {
    Capture capture = new Capture();
    new TemperatureSampler(0.5, capture).sample(new float[] {1f, -2f}, new Random());
    assertArrayEquals(new float[] {0f, -6f}, capture.seen);
  }

  @Test
  void aTinyTemperatureTakesTheLargestLogit() {
    // Unshifted, 1e-40 overflowed every logit to infinity (and 1e-300 was 0 as a float): the draw met NaN weights
    // and always returned token 0.
    for (double temperature : new double[] {1e-40, 1e-300}) {
      for (int seed = 0; seed < 5; seed++) {
        float[] logits = {1f, 3f, -2f, 2.5f};
        assertEquals(1, new TemperatureSampler(temperature, new CategoricalSampler()).sample(logits,
            new Random(seed)));
      }
    }
  }

  @Test
  void topKMasksAllButTheKLargest() {
    Capture capture = new Capture();
    new TopKSampler(2, capture).sample(new float[] {0.5f, 3f, -1f, 2f, 1f}, new Random());
    float inf = Float.NEGATIVE_INFINITY;
    assertArrayEquals(new float[] {inf, 3f, inf, 2f, inf}, capture.seen);
  }

  @Test
  void topPKeepsTheSmallestNucleusReachingP() {
    // Probabilities 0.5, 0.3, 0.15, 0.05: p = 0.7 needs the first two; p = 0.85 needs three.
    float[] logits = {(float) Math.log(0.3), (float) Math.log(0.05), (float) Math.log(0.5), (float) Math.log(0.15)};
    Capture capture = new Capture();
    new TopPSampler(0.7, capture).sample(logits.clone(), new Random());
    assertEquals(2, countFinite(capture.seen));
    assertTrue(Float.isFinite(capture.seen[0]) && Float.isFinite(capture.seen[2]));
    new TopPSampler(0.85, capture).sample(logits.clone(), new Random());
    assertEquals(3, countFinite(capture.seen));
    assertEquals(Float.NEGATIVE_INFINITY, capture.seen[1]);
  }

  @Test
  void repetitionPenaltyShrinksSeenLogitsOnce() {
    float[] logits = {2f, -2f, 2f};
    new RepetitionPenalty(2.0).apply(logits, new int[] {0, 1, 0, 0}, 4);
    assertArrayEquals(new float[] {1f, -4f, 2f}, logits);
  }

  @Test
  void optionsChooseTheChain() {
    assertInstanceOf(GreedySampler.class, Sampler.of(GenerationOptions.defaults().withGreedy(true)));
    assertInstanceOf(TemperatureSampler.class, Sampler.of(GenerationOptions.defaults()));
    assertInstanceOf(CategoricalSampler.class,
        Sampler.of(GenerationOptions.defaults().withTemperature(1).withTopK(0)));
  }

  @Test
  void optionsRejectBadValuesNamingThem() {
    GenerationOptions defaults = GenerationOptions.defaults();
    assertEquals("top-p must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> defaults.withTopP(1.5)).getMessage());
    assertEquals("temperature must be positive, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> defaults.withTemperature(0)).getMessage());
    assertEquals("samples must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> defaults.withSamples(0)).getMessage());
  }

  private static int countFinite(float[] values) {
    int n = 0;
    for (float v : values) {
      n += Float.isFinite(v) ? 1 : 0;
    }
    return n;
  }
}
