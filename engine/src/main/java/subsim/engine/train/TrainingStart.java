package subsim.engine.train;

import subsim.engine.Gpt2Config;

/**
 * The shape of a run about to start.
 *
 * @param config the model's architecture
 * @param firstStep the step it starts after (0, or the checkpoint's step when resuming)
 * @param totalSteps the step it ends at
 * @param trainTokens tokens in the training set
 * @param validationTokens tokens in the validation set (0 for none)
 * @param tokensPerStep batch x accumulate x block size
 * @param trainableParameters parameters the optimiser updates
 * @param checkpointTrainTokens when resuming, the training tokens of the run that wrote the checkpoint (data that has
 *     changed since draws other batches than an uninterrupted run would); 0 for a fresh run
 */
public record TrainingStart(
    Gpt2Config config, int firstStep, int totalSteps, long trainTokens, long validationTokens, long tokensPerStep,
    long trainableParameters, long checkpointTrainTokens) {}
