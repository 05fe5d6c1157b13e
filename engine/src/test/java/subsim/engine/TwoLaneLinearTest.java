package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwoLaneLinearTest {

  // 2049 x 768: large enough to be split, and an odd output size so the halves differ by one.
  private static final Shape WEIGHT = new Shape(2049, 768);

  private NDManager manager;
  private TwoLaneLinear lanes;

  @BeforeEach
  void open() {
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing is split");
    manager = Torch.newManager();
    lanes = new TwoLaneLinear();
  }

  @AfterEach
  void close() {
    lanes.close();
    manager.close();
  }

  @Test
  void splitProductEqualsOneCall() {
    NDArray weight = manager.randomNormal(WEIGHT);
    NDArray bias = manager.randomNormal(new Shape(WEIGHT.get(0)));
    assertTrue(TwoLaneLinear.worthSplitting(weight), "the test weight must take the two-lane path");
    NDArray x = manager.randomNormal(new Shape(1, 1, WEIGHT.get(1))); // (B, T, in), one decoding row
    for (NDArray b : new NDArray[] {bias, null}) {
      NDArray split = lanes.apply(x, weight, b);
      NDArray plain = LinearOp.PLAIN.apply(x, weight, b);
      assertEquals(new Shape(1, 1, WEIGHT.get(0)), split.getShape());
      float diff = maxDifference(split, plain);
      assertTrue(diff < 1e-4, "two lanes differ from one call by " + diff + (b == null ? " without" : " with") + " bias");
    }
  }

  @Test
  void repeatedStepsLeaveNothingBehind() {
    NDArray weight = manager.randomNormal(WEIGHT);
    try (NDManager request = manager.newSubManager()) {
      NDArray input = request.randomNormal(new Shape(1, WEIGHT.get(1)));
      for (int i = 0; i < 3; i++) {
        try (NDScope scope = new NDScope()) {
          lanes.apply(input, weight, null);
        }
      }
      int settled = request.getManagedArrays().size();
      for (int i = 0; i < 200; i++) {
        try (NDScope scope = new NDScope()) {
          lanes.apply(input, weight, null);
        }
      }
      // The helper's halves are made outside the caller's scope; each must still be freed.
      assertEquals(settled, request.getManagedArrays().size(), "arrays left in the request manager");
    }
  }

  @Test
  void aFailingProductIsReportedAndTheLanesStayUsable() {
    NDArray weight = manager.randomNormal(WEIGHT);
    NDArray wrongWidth = manager.randomNormal(new Shape(1, WEIGHT.get(1) + 1));
    assertThrows(EngineException.class, () -> lanes.apply(wrongWidth, weight, null));
    NDArray x = manager.randomNormal(new Shape(1, WEIGHT.get(1)));
    float diff = splitError(x, weight);
    assertTrue(diff < 1e-4, "after a failure the lanes compute " + diff + " off");
  }

  @Test
  void closingStopsTheHelperAndLaterCallsStillCompute() throws Exception {
    NDArray weight = manager.randomNormal(WEIGHT);
    NDArray x = manager.randomNormal(new Shape(1, WEIGHT.get(1)));
    Set<Thread> before = helpers(); // other tests' models may have helpers of their own
    lanes.apply(x, weight, null); // starts this instance's helper
    Set<Thread> started = helpers();
    started.removeAll(before);
    assertEquals(1, started.size(), "helper threads started by the first split product");
    Thread helper = started.iterator().next();
    lanes.close();
    helper.join(5_000);
    assertTrue(!helper.isAlive(), "the helper thread outlived close()");
    float diff = splitError(x, weight);
    assertTrue(diff < 1e-4, "after close the product is " + diff + " off");
  }

  /** How far the two-lane product of x and weight (no bias) is from one libtorch call. */
  private float splitError(NDArray x, NDArray weight) {
    return maxDifference(lanes.apply(x, weight, null), LinearOp.PLAIN.apply(x, weight, null));
  }

  private static float maxDifference(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  private static Set<Thread> helpers() {
    Set<Thread> found = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("gpt2-second-lane") && thread.isAlive()) {
        found.add(thread);
      }
    }
    return found;
  }

  @Test
  void concurrentCallersEachGetTheirOwnProduct() throws Exception {
    NDArray weight = manager.randomNormal(WEIGHT);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Float>> diffs = new ArrayList<>();
      for (int caller = 0; caller < 3; caller++) {
        diffs.add(pool.submit(() -> {
          JniUtils.setGradMode(false); // a pool thread starts with libtorch's default (on), which never splits
          float worst = 0;
          try (NDManager own = manager.newSubManager()) {
            for (int i = 0; i < 30; i++) {
              try (NDScope scope = new NDScope()) {
                NDArray x = own.randomNormal(new Shape(1, WEIGHT.get(1)));
                worst = Math.max(worst, splitError(x, weight));
              }
            }
          }
          return worst;
        }));
      }
      for (Future<Float> diff : diffs) {
        assertTrue(diff.get() < 1e-4, "a concurrent caller got a product " + diff.get() + " off");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneRowDecodingThroughTheSplitHeadEqualsRecomputation() {
    // The named tiny size keeps GPT-2's 50,257-token vocabulary, so its LM head is split across the lanes.
    try (Gpt2Model model = Gpt2Model.random(Gpt2Config.named("tiny"), 3);
        NDManager request = model.manager().newSubManager();
        KvCache cache = new KvCache(request, model.config(), 1, 12)) {
      long[] ids = {464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 198, 50256};
      NDArray full = model.forward(request.create(new long[][] {ids}), null); // (1, T, V)
      float worst = 0;
      for (int t = 0; t < ids.length; t++) {
        NDArray step = model.forward(request.create(new long[][] {{ids[t]}}), cache); // (1, 1, V)
        NDArray reference = full.get(new NDIndex().addAllDim().addSliceDim(t, t + 1));
        worst = Math.max(worst, maxDifference(step, reference));
      }
      assertTrue(worst < 1e-4, "one-row decoding differs from recomputation by " + worst);
    }
  }

  @Test
  void generationOnAWorkerThreadSplitsItsProducts() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing is split");
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (Gpt2Model model = Gpt2Model.random(Gpt2Config.named("tiny"), 3)) {
      Set<Thread> before = helpers();
      worker.submit(() -> new Generator(model, Tokenizer.gpt2())
          .generate(new int[] {464, 2068}, GenerationOptions.defaults().withMaxNewTokens(3), TokenListener.NONE))
          .get();
      Set<Thread> started = helpers();
      started.removeAll(before);
      assertEquals(1, started.size(), "the model's second lane did not start for a worker thread's generation");
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void aOneRowHeadUnderAutogradStaysOnTheTape() {
    // The helper lane runs with grad mode off, so a row whose gradient is wanted must not be split.
    try (Gpt2Model model = Gpt2Model.random(Gpt2Config.named("tiny"), 3);
        NDManager request = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray hidden = request.randomNormal(new Shape(1, 1, model.config().nEmbd()));
      hidden.setRequiresGradient(true);
      collector.backward(model.logits(hidden.mul(1)).sum()); // through an op, as a model's hidden state comes
      NDArray expected = model.parameters().get("wte.weight").sum(new int[] {0}); // d(sum of logits)/d(hidden)
      assertTrue(maxDifference(hidden.getGradient().reshape(-1), expected) < 1e-3,
          "the gradient through a one-row head is not wte's column sums");
    }
  }
}
