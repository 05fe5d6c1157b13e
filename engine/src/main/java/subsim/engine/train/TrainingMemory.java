package subsim.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import subsim.engine.Gpt2Config;

/**
 * The memory a training run may still claim, checked before the optimiser allocates: gradients and AdamW's two
 * moments that do not fit would get the process killed by the kernel hours later, and the service with it.
 *
 * @param availableBytes what the system (or the process's container, where that limit is lower) has available
 */
record TrainingMemory(long availableBytes) {

  /** A gradient, a first and a second moment: three float32 values per trained parameter. */
  static final long BYTES_PER_TRAINED_PARAMETER = 3L * Float.BYTES;

  private static final Path MEMINFO = Path.of("/proc/meminfo");
  private static final Path CGROUP = Path.of("/sys/fs/cgroup");

  /** This machine's figure, from /proc/meminfo and cgroup v2; empty where neither can be read. */
  static Optional<TrainingMemory> ofSystem() {
    try {
      OptionalLong system = Files.isReadable(MEMINFO)
          ? memAvailable(Files.readAllLines(MEMINFO)) : OptionalLong.empty();
      OptionalLong container = Files.isReadable(CGROUP.resolve("memory.max"))
          ? headroom(Files.readString(CGROUP.resolve("memory.max")), Files.readString(CGROUP.resolve("memory.current")))
          : OptionalLong.empty();
      OptionalLong lower = LongStream.concat(system.stream(), container.stream()).min();
      return lower.isPresent() ? Optional.of(new TrainingMemory(lower.getAsLong())) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable figure is no reason to refuse a run
    }
  }

  /** Throws, saying how much is needed and how much there is, when the trained parameters' state cannot fit. */
  void requireRoomFor(long trainedParameters) {
    long needed = trainedParameters * BYTES_PER_TRAINED_PARAMETER;
    if (needed > availableBytes) {
      throw new IllegalStateException(String.format(Locale.ROOT, "training %,d parameters needs at least %.1f GB"
          + " more for their gradients and AdamW moments (12 bytes each), but only %.1f GB is available: train a"
          + " smaller model, or on a machine with more memory", trainedParameters, needed / 1e9, availableBytes / 1e9));
    }
  }

  /**
   * Throws when the activations autograd keeps for one micro-batch cannot fit: a --batch of 100,000 would
   * otherwise grow the process until the kernel kills it, with no word of why.
   */
  void requireRoomForActivations(Gpt2Config config, int batch, int blockSize) {
    long needed = activationBytes(config, batch, blockSize);
    if (needed > availableBytes) {
      throw new IllegalStateException(String.format(Locale.ROOT, "a micro-batch of %d x %d tokens keeps about %.1f"
          + " GB of activations for the backward pass, but only %.1f GB is available: lower the batch (accumulating"
          + " gradients keeps the tokens per step) or the block size", batch, blockSize, needed / 1e9,
          availableBytes / 1e9));
    }
  }

  /**
   * An estimate of what the blocks keep for their backward pass, in float32: per token and layer about 24 values
   * per channel (layer norms, the qkv and projection inputs, the MLP's 4x-wide tensors and GELU's intermediates)
   * and two attention maps of one value per head and position.
   */
  static long activationBytes(Gpt2Config config, int batch, int blockSize) {
    long perTokenAndLayer = 24L * config.nEmbd() + 2L * config.nHead() * blockSize;
    return (long) batch * blockSize * config.nLayer() * perTokenAndLayer * Float.BYTES;
  }

  /** The MemAvailable line of /proc/meminfo, in bytes. */
  static OptionalLong memAvailable(List<String> meminfo) {
    for (String line : meminfo) {
      if (line.startsWith("MemAvailable:")) {
        String[] fields = line.trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(fields[1]) * 1024); // the file says kB and means KiB
      }
    }
    return OptionalLong.empty();
  }

  /** A cgroup v2 limit's headroom (memory.max less memory.current); empty when there is no limit ("max"). */
  static OptionalLong headroom(String max, String current) {
    String limit = max.trim();
    if (limit.equals("max")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, Long.parseLong(limit) - Long.parseLong(current.trim())));
  }
}
