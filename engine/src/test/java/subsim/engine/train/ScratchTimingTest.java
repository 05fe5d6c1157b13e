package subsim.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;

class ScratchTimingTest {

  @Test
  void time() throws Exception {
    if (System.getenv("THREADS") != null) System.setProperty("ai.djl.pytorch.num_threads", System.getenv("THREADS"));
    Gpt2Config config = Gpt2Config.named(System.getenv().getOrDefault("SIZE", "tiny"));
    int b = Integer.parseInt(System.getenv().getOrDefault("B", "8"));
    SplittableRandom random = new SplittableRandom(0);
    try (Gpt2Model model = Gpt2Model.random(config, 1);
        AdamW adam = new AdamW(model.manager(), model.parameters(), 0.1)) {
      for (int i = 1; i <= 8; i++) {
        long[][] w = new long[b][129];
        for (long[] r : w) for (int t = 0; t < 129; t++) r[t] = random.nextInt(50257);
        long a0 = System.nanoTime(), a1, a2, a3;
        try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager();
            GradientCollector c = Engine.getInstance().newGradientCollector()) {
          NDArray loss = Trainer.loss(model, m.create(w));
          loss.getFloat();
          a1 = System.nanoTime();
          c.backward(loss);
          a2 = System.nanoTime();
        }
        long a4 = System.nanoTime();
        double n = adam.gradientNorm();
        a3 = System.nanoTime();
        adam.update(i, 1e-4, 1.0);
        long a5 = System.nanoTime();
        System.out.printf("fwd %.3f bwd %.3f close %.3f norm %.3f update %.3f total %.3f%n", (a1 - a0) / 1e9, (a2 - a1) / 1e9,
            (a4 - a2) / 1e9, (a3 - a4) / 1e9, (a5 - a3) / 1e9, (a5 - a0) / 1e9);
      }
    }
  }
}
