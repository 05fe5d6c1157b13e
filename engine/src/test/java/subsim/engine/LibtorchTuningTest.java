package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibtorchTuningTest {

  @Test
  void mklAsksBothQuestionsOfTheNativeAnswerAndProductsStayExact() {
    try (NDManager manager = Torch.newManager()) {
      // MKL asks mkl_serv_intel_cpu_true before its matrix-matrix kernels, and mkl_serv_intel_cpu before a
      // matrix-vector product as large as a decoding step's (a 64-wide one never reaches MKL's check).
      assertProduct(manager.randomNormal(new Shape(64, 48)), manager.randomNormal(new Shape(48, 32)));
      assertProduct(manager.randomNormal(new Shape(1, 768)), manager.randomNormal(new Shape(768, 768)));
    }
    assertTrue(LibtorchTuning.describe().contains("MKL picks kernels by instruction set"), LibtorchTuning.describe());
    int[] asked = LibtorchTuning.asked();
    assertTrue(asked[0] > 0, "MKL never asked mkl_serv_intel_cpu_true here: libtorch bound its own");
    assertTrue(asked[1] > 0, "MKL never asked mkl_serv_intel_cpu here: libtorch bound its own");
  }

  @Test
  void aTrainingSizedBlockComesFromMallocsHeapNotAMappingOfItsOwn() {
    try (NDManager manager = Torch.newManager()) {
      long before = LibtorchTuning.mappedBytes();
      try (NDArray block = manager.zeros(new Shape(1024, 6144))) { // 24 MiB: one vocabulary slice of a tiny step
        assertTrue(LibtorchTuning.describe().contains("malloc keeps freed blocks"), LibtorchTuning.describe());
        assertTrue(LibtorchTuning.mappedBytes() - before < block.size() * Float.BYTES,
            "the block was mapped on its own, so freeing it returns it to the kernel");
      }
    }
  }

  @Test
  void memoryKeptForReuseGoesBackToTheKernelWhenAsked() throws Exception {
    try (NDManager manager = Torch.newManager()) {
      List<NDArray> blocks = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        blocks.add(manager.ones(new Shape(5, 1 << 20))); // 20 MiB each, written, from malloc's heap
      }
      blocks.forEach(NDArray::close);
      long kept = residentBytes();
      LibtorchTuning.returnFreedMemory();
      long returned = kept - residentBytes();
      assertTrue(returned > 150L << 20, "only " + (returned >> 20) + " MiB of the 200 MiB freed went back");
    }
  }

  private static long residentBytes() throws Exception {
    String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
    return Long.parseLong(statm[1]) * 4096;
  }

  @Test
  void theSwitchNamesSettingsOrTurnsThemOff() {
    List<String> notes = new ArrayList<>();
    assertEquals(Set.of("mkl", "malloc"), LibtorchTuning.wanted(null, notes));
    assertEquals(Set.of("malloc"), LibtorchTuning.wanted(" Malloc ", notes));
    assertEquals(Set.of(), LibtorchTuning.wanted("off", notes));
    assertEquals(List.of(), notes);
    assertEquals(Set.of("mkl"), LibtorchTuning.wanted("mkl,avx", notes));
    assertEquals(List.of("SUBSIM_LIBTORCH_TUNING names 'avx', which is not one of mkl, malloc, off: ignored"), notes);
  }

  private static void assertProduct(NDArray a, NDArray b) {
    int rows = (int) a.getShape().get(0);
    int inner = (int) a.getShape().get(1);
    int columns = (int) b.getShape().get(1);
    float[] product = a.matMul(b).toFloatArray();
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    for (int i = 0; i < rows; i += 7) {
      for (int j = 0; j < columns; j += 5) {
        double expected = 0;
        for (int k = 0; k < inner; k++) {
          expected += (double) x[i * inner + k] * y[k * columns + j];
        }
        assertEquals(expected, product[i * columns + j], 1e-4 * Math.max(1, Math.abs(expected)));
      }
    }
  }
}
