package subsim.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import subsim.engine.GenerationOptions;
import subsim.engine.Generator;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;
import subsim.engine.LibtorchTuning;
import subsim.engine.Tokenizer;
import subsim.engine.Torch;

/**
 * Trains or fine-tunes a GPT-2 model: the loop of nanoGPT's {@code train.py} on DJL autograd, with AdamW,
 * warm-up and decay, gradient accumulation and clipping, validation, samples and resumable checkpoints.
 * One run at a time per JVM (DJL allows one gradient collector at a time).
 */
public final class Trainer {

  /** Validation reads at most this many windows, so it stays quick on a large validation file. */
  static final int MAX_VALIDATION_WINDOWS = 200;
  private static final double AVERAGE_DECAY = 0.99;
  private static final String WTE = "wte.weight";
  private static final TiedHeadLoss HEAD = new TiedHeadLoss();

  private final TrainOptions options;
  private final TrainingListener listener;
  private final Tokenizer tokenizer = Tokenizer.gpt2();
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  public Trainer(TrainOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
  }

  /** How a run cut its steps into sequences: what a resumed run must keep. */
  public record BatchShape(int batch, int accumulate, int blockSize) {}

  /** The batch shape of the newest checkpoint in {@code out}, for a resume that does not repeat it; empty if none. */
  public static Optional<BatchShape> checkpointBatchShape(Path out) {
    return Checkpoints.latest(out).map(checkpoint -> {
      TrainingState state = TrainingState.read(checkpoint.resolve(TrainingState.FILE));
      return new BatchShape(state.batch(), state.accumulate(), state.blockSize());
    });
  }

  /** The newest checkpoint a run wrote into {@code out}, a folder {@link Gpt2Model#load} reads; empty if none. */
  public static Optional<Path> latestCheckpoint(Path out) {
    return Checkpoints.latest(out);
  }

  /** Asks the run to stop after the current step; it then writes a checkpoint and returns. Any thread may call it. */
  public void stop() {
    stopRequested.set(true);
  }

  /** Runs to the last step (or until {@link #stop}), checkpointing as the options say. */
  public TrainingResult run() {
    try {
      return train();
    } finally {
      LibtorchTuning.returnFreedMemory(); // the steps' memory, kept for reuse while they ran
    }
  }

  private TrainingResult train() {
    Optional<Path> earlier = Checkpoints.latest(options.out());
    if (!options.resume() && earlier.isPresent()) {
      // A new run's checkpoints would interleave with the old run's, and --resume would pick the wrong one.
      throw new IllegalArgumentException(options.out() + " already holds checkpoints (" + earlier.get().getFileName()
          + "): add --resume to continue that run, or choose another --out");
    }
    Path resumeFrom = options.resume() ? earlier.orElseThrow(() ->
        new IllegalArgumentException("--resume: no checkpoint (step-*/) in " + options.out())) : null;
    TrainingState resumed = resumeFrom == null ? null : TrainingState.read(resumeFrom.resolve(TrainingState.FILE));
    if (resumeFrom != null) {
      requireNoOtherModel(resumeFrom);
    }
    long seed = resumed != null ? resumed.seed() : options.seed();
    TrainingData data = TrainingData.read(options, seed, tokenizer);
    // After the data (a mistyped --data leaves no empty folder), before the model and any step: not when the first
    // checkpoint is due hours later.
    boolean created = Files.notExists(options.out());
    if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
      throw new IllegalArgumentException("--out " + options.out() + " is a file, not a folder");
    }
    try {
      Files.createDirectories(options.out());
    } catch (IOException e) {
      throw new IllegalArgumentException("--out " + options.out() + ": cannot create that folder ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
          + e.getMessage()) + ")", e);
    }
    try {
      return train(data, seed, resumeFrom, resumed);
    } catch (RuntimeException | Error e) {
      if (created) {
        removeIfEmpty(options.out()); // a run that failed before its first checkpoint leaves nothing behind
      }
      throw e;
    }
  }

  private static void removeIfEmpty(Path folder) {
    try {
      Files.deleteIfExists(folder);
    } catch (IOException notEmptyOrNotOurs) {
      // A checkpoint was written, or something else is there: keep it.
    }
  }

  private TrainingResult train(TrainingData data, long seed, Path resumeFrom, TrainingState resumed) {
    // Resuming takes the architecture and the weights from the checkpoint (checked above: no --base, no other --size).
    try (Gpt2Model model = resumeFrom != null ? Gpt2Model.load(resumeFrom)
        : options.base() != null ? Gpt2Model.load(options.base()) : Gpt2Model.random(options.config(), options.seed());
        AdamW optimizer = optimizer(model, trainable(model), options.weightDecay())) {
      int blockSize = options.blockSize() > 0 ? options.blockSize() : model.config().nPositions();
      if (blockSize > model.config().nPositions()) {
        throw new IllegalArgumentException("--block-size " + blockSize + " exceeds the model's context of "
            + model.config().nPositions() + " positions");
      }
      data.requireBlock(blockSize, options.data());
      data.requireVocabulary(model.config().vocabSize(), options.data());
      TrainingMemory.ofSystem().ifPresent(memory ->
          memory.requireRoomForActivations(model.config(), options.batch(), blockSize));
      if (resumed != null) {
        requireSameBatches(resumed, blockSize);
      }
      long tokensPerStep = (long) options.batch() * options.accumulate() * blockSize;
      int totalSteps = options.steps() > 0 ? options.steps()
          : (int) Math.max(1, Math.ceil(options.epochs() * data.train().length / tokensPerStep));
      // Equal is a finished run resumed (the service after a crash between the last checkpoint and recording it):
      // no step runs and the result names that checkpoint.
      if (resumed != null && totalSteps < resumed.step()) {
        throw new IllegalArgumentException("--resume: " + options.out() + " is already at step " + resumed.step()
            + "; " + (options.steps() > 0 ? "--steps must be at least that"
            : "--epochs " + options.epochs() + " makes " + totalSteps + " steps, fewer than that"));
      }
      int first = 0;
      double average = 0;
      if (resumed != null) {
        optimizer.load(resumeFrom.resolve(Checkpoints.OPTIMIZER));
        first = resumed.step();
        average = resumed.averageLoss();
      }
      listener.onStart(new TrainingStart(model.config(), first, totalSteps, data.train().length,
          data.validation().length, tokensPerStep, optimizer.parameterCount(),
          resumed == null ? 0 : resumed.trainTokens()));
      double[] validation = {Double.NaN, Double.NaN};
      if (options.validates() && options.valEvery() > 0 && first == 0) {
        validation = validate(model, data, blockSize, 0);
      }
      long start = System.nanoTime();
      int step = first;
      Path checkpoint = null;
      while (step < totalSteps && !stopRequested.get()) {
        step++;
        double lr = learningRate(step, totalSteps);
        List<long[][]> microBatches = new ArrayList<>();
        for (int micro = 0; micro < options.accumulate(); micro++) {
          microBatches.add(data.batch(seed, step, micro, options.batch(), blockSize));
        }
        double loss = optimisationStep(model, optimizer, microBatches, step, lr, options.clip());
        average = AVERAGE_DECAY * average + (1 - AVERAGE_DECAY) * loss;
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = (step - first) * tokensPerStep / seconds;
        listener.onProgress(new TrainingProgress(step, totalSteps, loss, corrected(average, step), rate,
            (totalSteps - step) * seconds / (step - first), lr));
        // The last step is validated too, so the result's validation describes the model it returns.
        if (options.validates() && options.valEvery() > 0 && (step % options.valEvery() == 0 || step == totalSteps)) {
          validation = validate(model, data, blockSize, step);
        }
        if (options.sampleEvery() > 0 && step % options.sampleEvery() == 0) {
          sample(model, seed, step);
        }
        boolean last = step == totalSteps || stopRequested.get();
        if (last || options.saveEvery() > 0 && step % options.saveEvery() == 0) {
          TrainingState state = new TrainingState(step, totalSteps, seed, average, options.learningRate(),
              options.schedule(), options.warmup(), options.batch(), options.accumulate(), blockSize,
              data.train().length);
          checkpoint = Checkpoints.save(options.out(), model, optimizer, state, options.keep());
          listener.onCheckpoint(step, checkpoint);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = step > first ? (step - first) * tokensPerStep / seconds : 0;
      return new TrainingResult(first, step, totalSteps, step < totalSteps, corrected(average, step), validation[0],
          validation[1], rate, seconds, checkpoint != null ? checkpoint : resumeFrom);
    }
  }

  /** The learning rate for step {@code step} (1-based) of {@code total}. */
  double learningRate(int step, int total) {
    double peak = options.learningRate();
    // Phase 1, warm-up: rise linearly from peak/warmup to the peak, so Adam's early, noisy moments take small steps.
    if (step <= options.warmup()) {
      return peak * step / options.warmup();
    }
    // Phase 2a, constant: hold the peak to the end.
    if (options.schedule() == TrainOptions.Schedule.CONSTANT) {
      return peak;
    }
    // Phase 2b, cosine: half a cosine from the peak down to a tenth of it at the last step (nanoGPT's min_lr).
    double progress = total == options.warmup() ? 1 : (double) (step - options.warmup()) / (total - options.warmup());
    double floor = peak / 10;
    return floor + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peak - floor);
  }

  /**
   * One optimisation step: forward and backward over each micro-batch (gradients add up), then clip the
   * global norm to {@code clip} (0 for no clipping) and apply AdamW. Returns the mean loss of the micro-batches;
   * throws {@link TrainingDivergedException}, changing no weight, when the loss or (with clipping) the gradient
   * norm is not finite.
   */
  static double optimisationStep(Gpt2Model model, AdamW optimizer, List<long[][]> microBatches, int step, double lr,
      double clip) {
    double loss = 0;
    for (long[][] windows : microBatches) {
      loss += backward(model, optimizer, windows);
    }
    // A NaN or infinite step would spread into every weight and every later checkpoint: stop before applying it.
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException(step, "the loss", loss / microBatches.size());
    }
    try (NDScope scope = new NDScope()) {
      // The gradients hold sums over micro-batches; their mean is what the loss describes.
      double scale = 1.0 / microBatches.size();
      if (clip > 0) {
        double norm = optimizer.gradientNorm() * scale;
        if (!Double.isFinite(norm)) {
          throw new TrainingDivergedException(step, "the gradient norm", norm);
        }
        scale *= Math.min(1, clip / (norm + 1e-6));
      }
      optimizer.update(step, lr, scale);
    }
    return loss / microBatches.size();
  }

  /**
   * Forward and backward of one micro-batch of (B, T + 1) windows; returns its loss. Autograd runs the blocks;
   * the tied embedding's two uses, the lookup and the LM head, get their gradients by hand (into
   * {@code optimizer}'s buffer for wte, unless it is frozen), so no (V, C) temporary is made per step.
   */
  static double backward(Gpt2Model model, AdamW optimizer, long[][] windows) {
    NDArray wteGradient = optimizer.handGradient(WTE);
    try (NDScope scope = new NDScope();
        NDManager batch = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray ids = batch.create(inputs(windows)); // (B, T)
      NDArray tok = model.detachedTokenEmbeddings(ids); // (B, T, C)
      if (wteGradient != null) {
        tok.setRequiresGradient(true);
      }
      NDArray hidden = model.hiddenFromEmbeddings(tok, null);
      hidden = hidden.reshape(-1, hidden.getShape().tail()); // (B*T, C)
      TiedHeadLoss.Result head = HEAD.lossAndGradients(hidden.stopGradient(), targets(windows),
          model.parameters().get(WTE).stopGradient(), wteGradient);
      // A scalar whose gradient with respect to hidden is exactly the head's carries it back through the blocks.
      collector.backward(hidden.mul(head.hiddenGradient()).sum());
      if (wteGradient != null) {
        try (NDArray tokGradient = tok.getGradient()) {
          NativeFloats.addRows(wteGradient, ids.toLongArray(), tokGradient.toFloatArray(), 1);
        }
      }
      return head.loss();
    }
  }

  /**
   * Mean next-token cross-entropy of (B, T + 1) windows: positions 0..T-1 predict tokens 1..T. With autograd off,
   * so that validation on a thread whose grad mode is on (the service's) records no graph of the trained weights.
   */
  static double loss(Gpt2Model model, long[][] windows) {
    return Torch.withoutGradients(() -> {
      try (NDScope scope = new NDScope(); NDManager batch = model.manager().newSubManager()) {
        NDArray hidden = model.hidden(batch.create(inputs(windows)), null);
        hidden = hidden.reshape(-1, hidden.getShape().tail()); // (B*T, C)
        return HEAD.loss(hidden, targets(windows), model.parameters().get(WTE));
      }
    });
  }

  /**
   * A resumed run continues the checkpoint's model: a --base beside it, or a --size of another architecture,
   * would be ignored, and the user would train something other than what they asked for.
   */
  private void requireNoOtherModel(Path checkpoint) {
    Gpt2Config saved = Gpt2Config.read(checkpoint.resolve("config.json"));
    String other = options.base() != null ? "--base"
        : options.config() != null && !options.config().equals(saved) ? "--size" : null;
    if (other != null) {
      throw new IllegalArgumentException("--resume: the checkpoint in " + options.out() + " is a " + describe(saved)
          + (other.equals("--size") ? ", not the " + describe(options.config()) + " --size asks for" : "")
          + "; leave out " + other);
    }
  }

  private static String describe(Gpt2Config config) {
    return config.nLayer() + "-layer, " + config.nEmbd() + "-wide model (" + config.nHead() + " heads, "
        + config.nPositions() + " positions)";
  }

  /**
   * A resumed run draws the batches the first run would have only with its batch shape; the schedule (steps,
   * learning rate) may change, to extend a run.
   */
  private void requireSameBatches(TrainingState resumed, int blockSize) {
    List<String> differ = new ArrayList<>();
    if (resumed.batch() != options.batch()) {
      differ.add("--batch " + resumed.batch() + " (not " + options.batch() + ")");
    }
    if (resumed.accumulate() != options.accumulate()) {
      differ.add("--accumulate " + resumed.accumulate() + " (not " + options.accumulate() + ")");
    }
    if (resumed.blockSize() != blockSize) {
      differ.add("--block-size " + resumed.blockSize() + " (not " + blockSize + ")");
    }
    if (!differ.isEmpty()) {
      throw new IllegalArgumentException("--resume: the checkpoint in " + options.out() + " was trained with "
          + String.join(", ", differ) + "; resume with the same values, or train into another --out");
    }
  }

  /** Tokens 0..T-1 of each (T + 1)-token window: (B, T). */
  private static long[][] inputs(long[][] windows) {
    long[][] inputs = new long[windows.length][];
    for (int b = 0; b < windows.length; b++) {
      inputs[b] = Arrays.copyOf(windows[b], windows[b].length - 1);
    }
    return inputs;
  }

  /** Tokens 1..T of each window, flattened: what each input position predicts. */
  private static long[] targets(long[][] windows) {
    int t = windows[0].length - 1;
    long[] targets = new long[windows.length * t];
    for (int b = 0; b < windows.length; b++) {
      System.arraycopy(windows[b], 1, targets, b * t, t);
    }
    return targets;
  }

  /** Mean loss and perplexity over the validation windows, batched as training is, reported to the listener. */
  private double[] validate(Gpt2Model model, TrainingData data, int blockSize, int step) {
    List<long[]> windows = data.validationWindows(blockSize, MAX_VALIDATION_WINDOWS);
    double nll = 0;
    long tokens = 0;
    for (int from = 0; from < windows.size(); ) {
      // Windows of equal length share a batch; only the stream's last window can be shorter.
      int to = from + 1;
      while (to < windows.size() && to - from < options.batch() && windows.get(to).length == windows.get(from).length) {
        to++;
      }
      long[][] batch = windows.subList(from, to).toArray(long[][]::new);
      long predicted = (long) batch.length * (batch[0].length - 1);
      nll += loss(model, batch) * predicted;
      tokens += predicted;
      from = to;
    }
    double mean = nll / tokens;
    listener.onValidation(step, mean, Math.exp(mean));
    return new double[] {mean, Math.exp(mean)};
  }

  /** A sample from the prompt (or unconditional), reproducible from (seed, step). */
  private void sample(Gpt2Model model, long seed, int step) {
    GenerationOptions generation = GenerationOptions.defaults()
        .withMaxNewTokens(options.sampleTokens()).withSeed(seed + step);
    String text = new Generator(model, tokenizer).generate(options.samplePrompt(), generation).get(0).text();
    listener.onSample(step, text);
  }

  /**
   * AdamW over {@code trainable}, the tied embedding's gradient computed by hand (see {@link #backward}), once
   * the memory for their gradients and moments is known to be there.
   */
  static AdamW optimizer(Gpt2Model model, Map<String, NDArray> trainable, double weightDecay) {
    long trained = trainable.values().stream().mapToLong(NDArray::size).sum();
    TrainingMemory.ofSystem().ifPresent(memory -> memory.requireRoomFor(trained));
    return new AdamW(model.manager(), trainable, trainable.containsKey(WTE) ? Set.of(WTE) : Set.of(), weightDecay);
  }

  /** The weights the optimiser updates: all, or only the blocks' with --only-transformer-layers. */
  private Map<String, NDArray> trainable(Gpt2Model model) {
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    model.parameters().forEach((name, weight) -> {
      if (!options.onlyTransformerLayers() || name.startsWith("h.")) {
        trainable.put(name, weight);
      }
    });
    return trainable;
  }

  /** The moving average divided by its startup bias, so the first steps read true. */
  private static double corrected(double average, int steps) {
    return steps == 0 ? Double.NaN : average / (1 - Math.pow(AVERAGE_DECAY, steps));
  }
}
