package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWTest {

  private static final float[] START = {0.5f, -1f, 2f, 0.25f};
  private static final float[] SLOPE = {1f, -2f, 0.5f, 0f};

  @TempDir Path dir;

  /** torch.optim.AdamW's step, in double precision, for the loss sum(slope * w). */
  private static double[] reference(int steps, double lr, double decay, double scale) {
    double[] w = new double[START.length];
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = START[i];
    }
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = SLOPE[i] * scale;
        w[i] *= 1 - lr * decay;
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double mHat = m[i] / (1 - Math.pow(0.9, t));
        double vHat = v[i] / (1 - Math.pow(0.999, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    return w;
  }

  private static void backward(NDArray weight) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDArray slope = weight.getManager().create(SLOPE).reshape(weight.getShape())) {
      collector.backward(weight.mul(slope).sum());
    }
  }

  @Test
  void matchesTorchAdamWWithDecoupledDecayAndScaledGradients() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray matrix = manager.create(START).reshape(2, 2); // decays
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      parameters.put("w", matrix);
      try (AdamW adamw = new AdamW(manager, parameters, 0.1)) {
        for (int t = 1; t <= 3; t++) {
          backward(matrix);
          adamw.update(t, 0.01, 0.5);
        }
      }
      double[] expected = reference(3, 0.01, 0.1, 0.5);
      float[] actual = matrix.toFloatArray();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6, "element " + i);
      }
      assertArrayEquals(new float[4], matrix.getGradient().toFloatArray(), "gradients are zeroed for the next step");
    }
  }

  @Test
  void leavesVectorsUndecayed() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray bias = manager.create(START);
      try (AdamW adamw = new AdamW(manager, Map.of("b", bias), 0.5)) {
        backward(bias);
        adamw.update(1, 0.01, 1);
      }
      double[] expected = reference(1, 0.01, 0, 1);
      float[] actual = bias.toFloatArray();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6, "element " + i);
      }
    }
  }

  @Test
  void savedMomentsLoadIntoAFreshOptimiser() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray a = manager.create(START).reshape(2, 2);
      NDArray b = manager.create(START).reshape(2, 2);
      Path file = dir.resolve("optimizer.bin");
      try (AdamW first = new AdamW(manager, Map.of("w", a), 0.1)) {
        backward(a);
        first.update(1, 0.01, 1);
        first.save(file);
        try (AdamW second = new AdamW(manager, Map.of("w", b), 0.1)) {
          second.load(file);
          b.set(a.toFloatArray());
          backward(a);
          first.update(2, 0.01, 1);
          backward(b);
          second.update(2, 0.01, 1);
        }
      }
      assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }
  }

  @Test
  void rejectsMomentsOfAnotherModel() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Path file = dir.resolve("optimizer.bin");
      try (AdamW small = new AdamW(manager, Map.of("w", manager.create(START)), 0)) {
        small.save(file);
      }
      try (AdamW other = new AdamW(manager, Map.of("w", manager.create(new float[3])), 0)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.load(file));
        assertEquals(file + ": tensor w with 4 values does not match the model (expected 3 values)", e.getMessage());
      }
    }
  }

  @Test
  void aTruncatedFileIsCalledTruncated() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Path file = dir.resolve("optimizer.bin");
      try (AdamW adamw = new AdamW(manager, Map.of("w", manager.create(START)), 0)) {
        adamw.save(file);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) - 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adamw.load(file));
        assertEquals("cannot read optimizer state " + file + ": it ends early, so it is truncated or incomplete",
            e.getMessage());
      }
    }
  }
}
