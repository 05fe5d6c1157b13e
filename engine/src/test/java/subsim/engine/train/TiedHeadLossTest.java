package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TiedHeadLossTest {

  private static final int ROWS = 6;
  private static final int WIDTH = 8;
  private static final int VOCAB = 37;

  /** Loss and gradients by autograd through logits, log-softmax and gather: what the hand-written pass replaces. */
  private static Object[] autograd(NDManager manager, float[] hidden, float[] wte, long[] targets) {
    NDArray h = manager.create(hidden, new Shape(ROWS, WIDTH));
    NDArray w = manager.create(wte, new Shape(VOCAB, WIDTH));
    h.setRequiresGradient(true);
    w.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logProbs = Linear.linear(h, w).singletonOrThrow().logSoftmax(-1);
      NDArray loss = logProbs.gather(manager.create(targets, new Shape(ROWS, 1)), -1).mean().neg();
      collector.backward(loss);
      return new Object[] {(double) loss.getFloat(), h.getGradient().toFloatArray(), w.getGradient().toFloatArray()};
    }
  }

  private static float[] random(SplittableRandom random, int size, double scale) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }

  private static void check(double logitScale, long blockFloats) {
    SplittableRandom random = new SplittableRandom(3);
    float[] hidden = random(random, ROWS * WIDTH, logitScale);
    float[] wte = random(random, VOCAB * WIDTH, 1);
    long[] targets = {0, 36, 5, 5, 17, 30};
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Object[] expected = autograd(manager, hidden, wte, targets);
      NDArray wteGradient = manager.zeros(new Shape(VOCAB, WIDTH));
      TiedHeadLoss head = new TiedHeadLoss(blockFloats);
      NDArray h = manager.create(hidden, new Shape(ROWS, WIDTH));
      NDArray w = manager.create(wte, new Shape(VOCAB, WIDTH));
      TiedHeadLoss.Result result = head.lossAndGradients(h, targets, w, wteGradient);
      double loss = (double) expected[0];
      assertEquals(loss, result.loss(), 1e-5 * loss);
      assertEquals(loss, head.loss(h, targets, w), 1e-5 * loss);
      float[] hiddenGradient = result.hiddenGradient().toFloatArray();
      TrainingFixtures.assertClose((float[]) expected[1], hiddenGradient, 1e-5, "dLoss/dHidden");
      TrainingFixtures.assertClose((float[]) expected[2], wteGradient.toFloatArray(), 1e-5, "dLoss/dWte");
      // The wte gradient is added, so micro-batches accumulate.
      head.lossAndGradients(h, targets, w, wteGradient);
      float[] twice = (float[]) expected[2];
      for (int i = 0; i < twice.length; i++) {
        twice[i] *= 2;
      }
      TrainingFixtures.assertClose(twice, wteGradient.toFloatArray(), 1e-5, "dLoss/dWte after two passes");
    }
  }

  @Test
  void equalsAutogradWithTheVocabularyInOneSlice() {
    check(1, 1L << 20);
  }

  @Test
  void equalsAutogradWithTheVocabularyInUnevenSlices() {
    check(1, ROWS * 5); // slices of 5 entries, the last one 2
  }

  @Test
  void equalsAutogradWhenRoundingLeavesFewerSlicesThanAsked() {
    check(1, 11); // 21 slices asked, 2 entries wide: 19 slices cover the 37 entries
  }

  @Test
  void staysFiniteWhenOneSliceDwarfsTheOthers() {
    // Logits in the hundreds: each slice's exponentials are taken against its own maximum, then rescaled.
    check(60, ROWS * 4);
  }
}
