package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backward pass reads only memory that autograd owns: a garbage collection between the forward and the backward
 * pass, with the freed memory then filled with NaN, must not change a gradient.
 */
class GradientLifetimeTest {

  @Test
  void aGarbageCollectionBeforeTheBackwardPassChangesNoGradient() throws InterruptedException {
    try (Gpt2Model model = Gpt2Model.random(new Gpt2Config(2, 2, 64, 64, 50257, 1e-5), 3)) {
      model.parameters().values().forEach(weight -> weight.setRequiresGradient(true));
      float[][] undisturbed = gradients(model, false);
      float[][] collected = gradients(model, true);
      for (int i = 0; i < undisturbed.length; i++) {
        assertArrayEquals(undisturbed[i], collected[i], "gradient of parameter " + i);
      }
      assertTrue(undisturbed[undisturbed.length - 1].length > 0);
    }
  }

  /** Every parameter's gradient of the mean logit, optionally with a collection and reuse of freed memory between. */
  private static float[][] gradients(Gpt2Model model, boolean collectBeforeBackward) throws InterruptedException {
    List<NDArray> weights = new ArrayList<>(model.parameters().values());
    try (NDScope scope = new NDScope(); NDManager batch = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = model.forward(batch.create(new long[][] {{1, 7, 42, 500, 9, 3}, {8, 8, 1000, 2, 50, 7}}), null)
          .mean();
      List<ByteBuffer> poison = new ArrayList<>();
      if (collectBeforeBackward) {
        // Direct buffers freed by the collection go back to malloc; small NaN-filled ones take their place.
        for (int round = 0; round < 3; round++) {
          System.gc();
          Thread.sleep(20);
          for (int i = 0; i < 20_000; i++) {
            poison.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN)
                .putFloat(4, Float.NaN));
          }
        }
      }
      collector.backward(loss);
      float[][] gradients = new float[weights.size()][];
      for (int i = 0; i < weights.size(); i++) {
        try (NDArray gradient = weights.get(i).getGradient()) {
          gradients[i] = gradient.toFloatArray();
          gradient.subi(gradient);
        }
      }
      return gradients;
    }
  }
}
