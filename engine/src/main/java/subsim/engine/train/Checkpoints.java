package subsim.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import subsim.engine.Gpt2Model;

/**
 * The checkpoints of one output folder: {@code step-NNNNNNN/}, each a Hugging Face model folder plus
 * {@code optimizer.bin} and {@code training-state.json}. A checkpoint is written under a hidden name and
 * renamed when complete, so every {@code step-*} folder is whole; only the newest {@code keep} stay.
 */
final class Checkpoints {

  static final String OPTIMIZER = "optimizer.bin";
  private static final String PREFIX = "step-";

  private Checkpoints() {}

  /** Writes a complete checkpoint for {@code state.step()} and prunes older ones; returns its folder. */
  static Path save(Path out, Gpt2Model model, AdamW optimizer, TrainingState state, int keep) {
    Path dir = out.resolve(String.format("%s%07d", PREFIX, state.step()));
    Path partial = out.resolve("." + dir.getFileName() + ".partial");
    try {
      Files.createDirectories(out);
      deleteTree(partial);
      model.save(partial);
      optimizer.save(partial.resolve(OPTIMIZER));
      state.write(partial.resolve(TrainingState.FILE));
      deleteTree(dir);
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
      // Only checkpoints of earlier steps go: the one just written stays whatever else the folder holds.
      List<Path> earlier = list(out).stream().filter(p -> step(p) < state.step()).toList();
      for (int i = 0; i < earlier.size() - (keep - 1); i++) {
        deleteTree(earlier.get(i));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The newest checkpoint in {@code out}, if any. A newest {@code step-*} folder without its training state is
   * refused, not passed over for an older one: {@link #save} never leaves such a folder, so something else
   * changed it, and quietly going back to an earlier step would hide that.
   */
  static Optional<Path> latest(Path out) {
    if (!Files.isDirectory(out)) {
      return Optional.empty();
    }
    List<Path> all;
    try {
      all = list(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + out + ": " + e.getMessage(), e);
    }
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Path newest = all.get(all.size() - 1);
    if (!Files.isRegularFile(newest.resolve(TrainingState.FILE))) {
      throw new IllegalArgumentException(newest + ": no " + TrainingState.FILE + " in this checkpoint folder, so it"
          + " is incomplete; remove the folder to use an earlier checkpoint");
    }
    return Optional.of(newest);
  }

  /** The checkpoint folders, oldest first. */
  private static List<Path> list(Path out) throws IOException {
    try (Stream<Path> entries = Files.list(out)) {
      return entries
          .filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+") && Files.isDirectory(p))
          .sorted(Comparator.comparingLong(Checkpoints::step))
          .toList();
    }
  }

  private static long step(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
