package subsim.engine.train;

/**
 * Where a training run stands after one optimisation step.
 *
 * @param step steps done, counting those before a resume
 * @param totalSteps steps the run will do in all
 * @param loss this step's mean cross-entropy (nats per token)
 * @param averageLoss an exponential moving average of the loss (about the last 100 steps)
 * @param tokensPerSecond training tokens per second over this run's steps so far
 * @param etaSeconds the time the remaining steps will take at that rate
 * @param learningRate the rate this step used
 */
public record TrainingProgress(
    int step, int totalSteps, double loss, double averageLoss, double tokensPerSecond, double etaSeconds,
    double learningRate) {}
