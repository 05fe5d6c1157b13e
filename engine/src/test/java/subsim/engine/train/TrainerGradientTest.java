package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;

/** The trainer's step (autograd for the blocks, the tied embedding by hand) against autograd over the whole model. */
class TrainerGradientTest {

  private static final Gpt2Config CONFIG = TrainingFixtures.SMALL;

  /** 8 windows of 65 tokens: 512 predicted rows, enough for the head to cut the vocabulary in five slices. */
  private static long[][] windows() {
    SplittableRandom random = new SplittableRandom(9);
    long[][] windows = new long[8][CONFIG.nPositions() + 1];
    for (long[] window : windows) {
      for (int t = 0; t < window.length; t++) {
        window[t] = random.nextInt(CONFIG.vocabSize());
      }
    }
    windows[1][3] = windows[1][4] = windows[2][0] = 42; // a token looked up more than once
    return windows;
  }

  /** Autograd through logits, log-softmax and gather, every parameter a leaf. */
  private static Map<String, float[]> reference(long[][] windows, double[] loss) {
    try (Gpt2Model model = Gpt2Model.random(CONFIG, 4);
        NDManager manager = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      NDArray all = manager.create(windows);
      NDArray logits = model.forward(all.get(new NDIndex(":, :-1")), null).reshape(-1, CONFIG.vocabSize());
      NDArray picked = logits.logSoftmax(-1).gather(all.get(new NDIndex(":, 1:")).reshape(-1, 1), -1);
      NDArray mean = picked.mean().neg();
      collector.backward(mean);
      loss[0] = mean.getFloat();
      Map<String, float[]> gradients = new LinkedHashMap<>();
      model.parameters().forEach((name, p) -> gradients.put(name, p.getGradient().toFloatArray()));
      return gradients;
    }
  }

  @Test
  void gradientsEqualAutogradOverTheWholeModel() {
    long[][] windows = windows();
    double[] expectedLoss = new double[1];
    Map<String, float[]> expected = reference(windows, expectedLoss);
    try (Gpt2Model model = Gpt2Model.random(CONFIG, 4);
        AdamW optimizer = Trainer.optimizer(model, model.parameters(), 0)) {
      double loss = Trainer.backward(model, optimizer, windows);
      assertEquals(expectedLoss[0], loss, 1e-5 * expectedLoss[0]);
      expected.forEach((name, want) -> {
        NDArray hand = optimizer.handGradient(name);
        float[] got = hand != null ? hand.toFloatArray() : model.parameters().get(name).getGradient().toFloatArray();
        TrainingFixtures.assertClose(want, got, 1e-4, name);
      });
      assertEquals(1, expected.keySet().stream().filter(name -> optimizer.handGradient(name) != null).count(),
          "only the tied embedding is differentiated by hand");
    }
  }

  @Test
  void aFrozenEmbeddingGetsNoGradientAndTheBlocksStillDo() {
    try (Gpt2Model model = Gpt2Model.random(CONFIG, 4)) {
      Map<String, NDArray> blocks = new LinkedHashMap<>();
      model.parameters().forEach((name, p) -> {
        if (name.startsWith("h.")) {
          blocks.put(name, p);
        }
      });
      try (AdamW optimizer = Trainer.optimizer(model, blocks, 0)) {
        Trainer.backward(model, optimizer, windows());
        assertEquals(null, optimizer.handGradient("wte.weight"));
        assertTrue(blocks.get("h.0.attn.c_attn.weight").getGradient().abs().max().getFloat() > 0);
      }
    }
  }
}
