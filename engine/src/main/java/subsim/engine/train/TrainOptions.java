package subsim.engine.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import subsim.engine.Gpt2Config;

/**
 * What to train and how; validated on construction, errors name the option as the command line spells it.
 *
 * @param data text files or folders; documents inside a file are separated by {@code <|endoftext|>}
 * @param out the folder that receives checkpoints ({@code step-NNNNNNN/})
 * @param base a Hugging Face model folder to fine-tune, or null
 * @param config the architecture of a model trained from scratch, or null (exactly one of base and config,
 *     except when resuming, which takes the model from the checkpoint and refuses a base, or a config that is
 *     not the checkpoint's)
 * @param steps optimisation steps; 0 when {@code epochs} decides
 * @param epochs passes over the training tokens; 0 when {@code steps} decides
 * @param batch sequences per micro-batch
 * @param accumulate micro-batches whose gradients add up to one step
 * @param blockSize tokens per sequence; 0 for the model's context length
 * @param learningRate peak learning rate
 * @param warmup steps of linear warm-up
 * @param schedule what follows the warm-up
 * @param weightDecay AdamW's decoupled decay, on weight matrices and embeddings only
 * @param clip global gradient-norm limit; 0 turns clipping off
 * @param valFile a separate validation file, or null
 * @param valFraction the fraction of the documents held back for validation when there is no file; 0 for none
 * @param valEvery steps between validations; 0 for never
 * @param saveEvery steps between checkpoints; 0 for only the final one
 * @param sampleEvery steps between samples; 0 for never
 * @param samplePrompt the prompt samples continue; empty for unconditional samples
 * @param sampleTokens new tokens per sample
 * @param keep checkpoints kept in {@code out}; older ones are deleted
 * @param onlyTransformerLayers train only the blocks ({@code h.*}); embeddings and the final norm stay frozen
 * @param seed decides the initial weights, the validation split, every batch and every sample
 * @param resume continue from the latest checkpoint in {@code out}
 */
public record TrainOptions(
    List<Path> data,
    Path out,
    Path base,
    Gpt2Config config,
    int steps,
    double epochs,
    int batch,
    int accumulate,
    int blockSize,
    double learningRate,
    int warmup,
    Schedule schedule,
    double weightDecay,
    double clip,
    Path valFile,
    double valFraction,
    int valEvery,
    int saveEvery,
    int sampleEvery,
    String samplePrompt,
    int sampleTokens,
    int keep,
    boolean onlyTransformerLayers,
    long seed,
    boolean resume) {

  /** The learning rate after the warm-up. */
  public enum Schedule {
    /** Stays at the peak. */
    CONSTANT,
    /** Follows half a cosine from the peak down to a tenth of it at the last step. */
    COSINE;

    /** Parses {@code constant} or {@code cosine}. */
    public static Schedule parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--schedule must be constant or cosine, got '" + name + "'");
      }
    }
  }

  public TrainOptions {
    data = List.copyOf(data);
    samplePrompt = samplePrompt == null ? "" : samplePrompt;
    if (data.isEmpty()) {
      throw new IllegalArgumentException("--data needs at least one file or folder");
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is required");
    }
    if (!resume && (base == null) == (config == null)) {
      throw new IllegalArgumentException("give exactly one of --base and --size");
    }
    if ((steps > 0) == (epochs > 0) || steps < 0 || epochs < 0 || Double.isNaN(epochs)) {
      throw new IllegalArgumentException("give exactly one of --steps (got " + steps + ") and --epochs (got "
          + epochs + "), positive");
    }
    positive("--batch", batch);
    positive("--accumulate", accumulate);
    atLeastZero("--block-size", blockSize);
    if (blockSize == 1) {
      throw new IllegalArgumentException("--block-size must be at least 2, got 1");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
    }
    atLeastZero("--warmup", warmup);
    if (steps > 0 && warmup > steps) {
      throw new IllegalArgumentException("--warmup " + warmup + " is more than --steps " + steps
          + ": the learning rate would never reach --lr");
    }
    if (schedule == null) {
      throw new IllegalArgumentException("--schedule must be constant or cosine");
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("--weight-decay must be in [0, 1), got " + weightDecay);
    }
    if (!(clip >= 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException("--clip must be 0 (off) or positive, got " + clip);
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
    }
    if (valFile != null && valFraction > 0) {
      throw new IllegalArgumentException("give at most one of --val and --val-fraction");
    }
    atLeastZero("--val-every", valEvery);
    atLeastZero("--save-every", saveEvery);
    atLeastZero("--sample-every", sampleEvery);
    positive("--sample-tokens", sampleTokens);
    positive("--keep", keep);
  }

  /** Whether a validation set was asked for. */
  public boolean validates() {
    return valFile != null || valFraction > 0;
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be positive, got " + value);
    }
  }

  private static void atLeastZero(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must not be negative, got " + value);
    }
  }
}
