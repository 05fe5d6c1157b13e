package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PerplexityTest {

  @Test
  void matchesTheFloat64Reference() throws Exception {
    JsonNode expected = Fixtures.expected();
    try (Gpt2Model model = Gpt2Model.load(Fixtures.gpt2Tiny())) {
      NllResult result = Perplexity.evaluate(model, Fixtures.ints(expected.get("nll_ids")));
      assertEquals(63, result.tokens());
      assertEquals(expected.get("nll").asDouble(), result.nll(), 1e-5 * expected.get("nll").asDouble());
      assertEquals(expected.get("perplexity").asDouble(), result.perplexity(), 1e-5 * expected.get("perplexity").asDouble());
    }
  }

  @Test
  void slidesHalfAContextAtATimeOverLongText() {
    // Context 16, 40 tokens: windows [0,16) score 1..15, [8,24) score 16..23, [16,32) 24..31, [24,40) 32..39.
    try (Gpt2Model model = Gpt2Model.random(new Gpt2Config(1, 2, 16, 16, 50, 1e-5), 5)) {
      int[] ids = new Random(9).ints(40, 0, 50).toArray();
      double sum = 0;
      int[][] windows = {{0, 16, 1}, {8, 24, 16}, {16, 32, 24}, {24, 40, 32}};
      for (int[] w : windows) {
        float[][] logits = logits(model, Arrays.copyOfRange(ids, w[0], w[1]));
        for (int target = w[2]; target < w[1]; target++) {
          sum -= logSoftmax(logits[target - 1 - w[0]])[ids[target]];
        }
      }
      NllResult result = Perplexity.evaluate(model, ids);
      assertEquals(39, result.tokens());
      assertEquals(sum / 39, result.nll(), 1e-5 * sum / 39);
    }
  }

  @Test
  void needsTwoTokens() {
    try (Gpt2Model model = Gpt2Model.random(new Gpt2Config(1, 2, 16, 16, 50, 1e-5), 5)) {
      assertEquals("perplexity needs at least 2 tokens, got 1",
          assertThrows(IllegalArgumentException.class, () -> Perplexity.evaluate(model, new int[] {3})).getMessage());
    }
  }

  private static float[][] logits(Gpt2Model model, int[] ids) {
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray out = model.forward(manager.create(new long[][] {Gpt2ModelTest.toLong(ids)}), null);
      float[] flat = out.toFloatArray();
      int vocab = model.config().vocabSize();
      float[][] rows = new float[ids.length][];
      for (int t = 0; t < ids.length; t++) {
        rows[t] = Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
      }
      return rows;
    }
  }

  private static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - max - Math.log(sum);
    }
    return out;
  }
}
