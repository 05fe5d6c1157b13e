package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Gpt2ModelTest {

  private static Gpt2Model model;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws Exception {
    model = Gpt2Model.load(Fixtures.gpt2Tiny());
    expected = Fixtures.expected();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void lastLogitsMatchTheFloat64Reference() {
    int[] ids = Fixtures.ints(expected.get("input_ids"));
    float[] logits = lastLogits(model, ids);
    JsonNode want = expected.get("last_logits");
    assertEquals(want.size(), logits.length);
    double worst = 0;
    for (int i = 0; i < logits.length; i++) {
      worst = Math.max(worst, Math.abs(logits[i] - want.get(i).asDouble()));
    }
    assertTrue(worst < 1e-4, "max |logit - reference| = " + worst);
  }

  @Test
  void fewRowLogitsEqualOneRowAtATime() {
    // Batched decoding steps (2 to 32 rows) take the LM head as wte @ hidden^T, single rows hidden @ wte^T.
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray hidden = manager.randomNormal(new Shape(4, 1, model.config().nEmbd())); // (B, 1, C)
      NDArray batched = model.logits(hidden); // (B, 1, V)
      assertEquals(new Shape(4, 1, model.config().vocabSize()), batched.getShape());
      for (int b = 0; b < 4; b++) {
        NDArray row = model.logits(hidden.get(new NDIndex("{}:{}", b, b + 1))); // (1, 1, V)
        NDArray reference = batched.get(new NDIndex("{}:{}", b, b + 1));
        assertTrue(row.sub(reference).abs().max().getFloat() < 1e-5, "row " + b);
      }
    }
  }

  @Test
  void cachedDecodingEqualsFullRecomputation() {
    int[] ids = Fixtures.ints(expected.get("nll_ids"));
    try (NDManager manager = model.manager().newSubManager();
        KvCache cache = new KvCache(manager, model.config(), 1, ids.length)) {
      NDArray full = model.forward(manager.create(new long[][] {toLong(ids)}), null); // (1, T, V)
      // Prefill 10 positions, then feed the rest one at a time (and one chunk of 5), as generation does.
      float maxDiff = 0;
      int fed = 0;
      int[] chunks = {10, 1, 1, 5, 1};
      for (int chunk : chunks) {
        long[] part = toLong(java.util.Arrays.copyOfRange(ids, fed, fed + chunk));
        NDArray step = model.forward(manager.create(new long[][] {part}), cache);
        NDArray reference = full.get(new NDIndex().addAllDim().addSliceDim(fed, fed + chunk));
        maxDiff = Math.max(maxDiff, step.sub(reference).abs().max().getFloat());
        fed += chunk;
      }
      assertEquals(fed, cache.length());
      assertTrue(maxDiff < 1e-5, "cached vs full logits differ by " + maxDiff);
    }
  }

  @Test
  void rejectsSequencesLongerThanTheContext() {
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray ids = manager.zeros(new Shape(1, 129), ai.djl.ndarray.types.DataType.INT64);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(ids, null));
      assertTrue(e.getMessage().contains("129") && e.getMessage().contains("128"), e.getMessage());
    }
  }

  @Test
  void sameSeedGivesSameRandomWeights() {
    Gpt2Config config = new Gpt2Config(1, 2, 16, 8, 50, 1e-5);
    try (Gpt2Model a = Gpt2Model.random(config, 7); Gpt2Model b = Gpt2Model.random(config, 7);
        Gpt2Model c = Gpt2Model.random(config, 8)) {
      float[] wa = a.parameters().get("h.0.attn.c_attn.weight").toFloatArray();
      assertArrayEquals(wa, b.parameters().get("h.0.attn.c_attn.weight").toFloatArray());
      assertTrue(!java.util.Arrays.equals(wa, c.parameters().get("h.0.attn.c_attn.weight").toFloatArray()));
      assertEquals(Gpt2Model.parameterShapes(config).keySet(), a.parameters().keySet());
    }
  }

  static float[] lastLogits(Gpt2Model model, int[] ids) {
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray logits = model.forward(manager.create(new long[][] {toLong(ids)}), null);
      return logits.get(new NDIndex("0, -1")).toFloatArray();
    }
  }

  static long[] toLong(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
