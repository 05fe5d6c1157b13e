package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import subsim.engine.train.Trainer;

/** What {@code --model} names: a Hugging Face folder, or a {@code train --out} folder's newest checkpoint. */
final class ModelFolder {

  private ModelFolder() {}

  /**
   * {@code dir} itself, unless it is a {@code train --out} folder (checkpoints, no {@code config.json}): then its
   * newest checkpoint, named on {@code err} so that stdout stays the command's output alone.
   */
  static Path resolve(Path dir, PrintWriter err) {
    if (Files.isRegularFile(dir.resolve("config.json"))) {
      return dir;
    }
    Optional<Path> checkpoint = Trainer.latestCheckpoint(dir);
    checkpoint.ifPresent(latest -> {
      err.println("using " + latest);
      err.flush();
    });
    return checkpoint.orElse(dir);
  }
}
