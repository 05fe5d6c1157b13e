package subsim.engine.train;

import java.nio.file.Path;

/** What a training run reports as it goes; the engine never prints, so the CLI and the service render these. */
public interface TrainingListener {

  /** Ignores everything. */
  TrainingListener NONE = progress -> { };

  /** Once, after the data is read and the model is ready, before the first step. */
  default void onStart(TrainingStart start) { }

  /** After every optimisation step. */
  void onProgress(TrainingProgress progress);

  /** After each validation; step 0 is the model before this run's training. */
  default void onValidation(int step, double loss, double perplexity) { }

  /** A sample of the model's text at this step. */
  default void onSample(int step, String text) { }

  /** A checkpoint was written, complete, to {@code dir}. */
  default void onCheckpoint(int step, Path dir) { }
}
