package subsim.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Process-wide native settings that libtorch runs faster with on a small CPU machine, applied before it starts.
 *
 * <p>{@code mkl}: MKL, inside libtorch, is told the CPU is Intel's, so it picks kernels by the instruction sets
 * the CPU reports (AVX-512 on AMD Zen 4 and 5) instead of keeping other vendors to generic AVX2 code; a CPU without
 * AVX-512 still gets AVX2 kernels. {@code malloc}: glibc keeps the memory a training step frees for the next step
 * instead of returning it to the kernel and faulting it back in. Measured on the 2-core AMD EPYC (Zen 5) benchmark
 * machine, in the engine README. Both live in a native library built from {@code src/main/c/libtorch_tuning.c};
 * {@link Torch} applies them as it starts. {@code SUBSIM_LIBTORCH_TUNING} chooses: unset for both,
 * {@code mkl}, {@code malloc}, or {@code off}.
 */
public final class LibtorchTuning {

  /** The environment variable that chooses the settings: unset for all, a comma list of them, or {@code off}. */
  public static final String SWITCH = "SUBSIM_LIBTORCH_TUNING";
  private static final String LIBRARY = "libsubsim_tuning.so";
  private static final Set<String> ALL = Set.of("mkl", "malloc");
  /** Blocks up to this size come from malloc's heap and are reused: 32 MiB holds a training step's 24 MiB slices. */
  private static final int MMAP_THRESHOLD = 32 << 20;
  /** Free memory at the heap's top that glibc keeps rather than returns; a tiny step frees 216 MiB of softmax slices. */
  private static final int TRIM_THRESHOLD = 1 << 30;

  private static String state; // null until apply() has run
  private static boolean loaded;
  private static boolean keepsFreedMemory;

  private LibtorchTuning() {}

  /** Applies the settings {@link #SWITCH} asks for, once per process; what failed is told by {@link #describe}. */
  static synchronized void apply() {
    if (state != null) {
      return;
    }
    List<String> notes = new ArrayList<>();
    String value = System.getenv(SWITCH);
    Set<String> wanted = wanted(value, notes);
    String unavailable = wanted.isEmpty() ? "none (" + SWITCH + "=" + value + ")" : whyNotLoaded();
    if (unavailable != null) {
      notes.add(unavailable);
      state = String.join("; ", notes);
      return;
    }
    if (wanted.contains("mkl")) {
      notes.add(answerMklCpuCheck() ? "MKL picks kernels by instruction set (its CPU-vendor check is answered)"
          : "MKL's own CPU check (the answer could not be made visible to libtorch)");
    }
    if (wanted.contains("malloc")) {
      keepsFreedMemory = keepFreedMemory(MMAP_THRESHOLD, TRIM_THRESHOLD);
      notes.add(keepsFreedMemory
          ? "malloc keeps freed blocks (up to " + (TRIM_THRESHOLD >> 20) + " MiB at the heap's top)"
          : "malloc's own thresholds (glibc refused the settings)");
    }
    state = String.join("; ", notes);
  }

  /** Loads the native library; null when it loaded, else why not. */
  private static String whyNotLoaded() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux") || !System.getProperty("os.arch", "").equals("amd64")) {
      return "none: the native settings are built for Linux x86-64 only";
    }
    try {
      load();
      loaded = true;
      return null;
    } catch (IOException | UnsatisfiedLinkError e) {
      return "none: " + LIBRARY + " did not load (" + e.getMessage() + ")";
    }
  }

  /** One line for benchmarks and logs: which settings this process runs with, and why any is missing. */
  public static synchronized String describe() {
    return "libtorch tuning: " + (state == null ? "not applied yet (libtorch not started)" : state);
  }

  /**
   * Hands the free memory malloc kept back to the kernel ({@code malloc_trim}). A training calls it when it ends,
   * so a long-running service does not hold a training's peak while it only generates.
   */
  public static synchronized void returnFreedMemory() {
    if (keepsFreedMemory) {
      trimNow();
    }
  }

  /** The settings a value of {@link #SWITCH} asks for; words it does not know are noted and ignored. */
  static Set<String> wanted(String value, List<String> notes) {
    Set<String> wanted = new LinkedHashSet<>();
    if (value == null || value.isBlank()) {
      wanted.addAll(ALL);
      return wanted;
    }
    for (String word : value.toLowerCase(Locale.ROOT).split(",")) {
      String name = word.strip();
      if (ALL.contains(name)) {
        wanted.add(name);
      } else if (!name.equals("off") && !name.isEmpty()) {
        notes.add(SWITCH + " names '" + name + "', which is not one of mkl, malloc, off: ignored");
      }
    }
    return wanted;
  }

  /**
   * How often MKL has asked each of its two questions ({@code mkl_serv_intel_cpu_true}, {@code mkl_serv_intel_cpu})
   * of the native answer; zeros mean MKL never reached it.
   */
  static synchronized int[] asked() {
    return loaded ? new int[] {timesAsked(0), timesAsked(1)} : new int[2];
  }

  /** Bytes malloc holds in blocks of their own mapping (glibc's {@code hblkhd}); -1 when the library is not loaded. */
  static synchronized long mappedBytes() {
    return loaded ? mappedBytesNow() : -1;
  }

  private static native boolean answerMklCpuCheck();

  private static native int timesAsked(int question);

  private static native boolean keepFreedMemory(int mmapThreshold, int trimThreshold);

  private static native long mappedBytesNow();

  private static native void trimNow();

  private static void load() throws IOException {
    try (InputStream in = LibtorchTuning.class.getResourceAsStream(LIBRARY)) {
      if (in == null) {
        throw new IOException("not among the engine's resources; a Maven build compiles it");
      }
      Path file = Files.createTempFile("subsim-tuning", ".so");
      try {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        System.load(file.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(file); // the loaded library stays mapped; nothing is left in the temp folder
      }
    }
  }
}
