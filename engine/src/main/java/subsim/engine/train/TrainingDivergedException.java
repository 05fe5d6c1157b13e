package subsim.engine.train;

/** Training stopped because a step's loss or gradient norm was not a finite number. */
public final class TrainingDivergedException extends IllegalStateException {

  TrainingDivergedException(int step, String what, double value) {
    super("training diverged at step " + step + ": " + what + " is " + value + "; the step was not applied and"
        + " no checkpoint was saved after step " + (step - 1) + "; train again with a lower learning rate or with"
        + " gradient clipping");
  }
}
