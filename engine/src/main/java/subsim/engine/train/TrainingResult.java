package subsim.engine.train;

import java.nio.file.Path;

/**
 * How a training run ended.
 *
 * @param firstStep the step this run started after (0, or the resumed checkpoint's)
 * @param step the last step done
 * @param totalSteps the step the run was to end at
 * @param stopped whether it stopped early because {@link Trainer#stop()} was called
 * @param averageLoss the moving-average training loss at the end
 * @param validationLoss the last validation loss, or NaN without a validation set
 * @param validationPerplexity the last validation perplexity, or NaN
 * @param tokensPerSecond training tokens per second over this run
 * @param seconds this run's wall time
 * @param checkpoint the final checkpoint's folder (a Hugging Face model folder); null if stopped before a step
 */
public record TrainingResult(
    int firstStep, int step, int totalSteps, boolean stopped, double averageLoss, double validationLoss,
    double validationPerplexity, double tokensPerSecond, double seconds, Path checkpoint) {}
