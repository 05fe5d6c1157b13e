package subsim.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import subsim.engine.GenerationOptions;
import subsim.engine.Generator;
import subsim.engine.Gpt2Model;
import subsim.engine.Tokenizer;

/**
 * Trains or fine-tunes a GPT-2 model: the loop of nanoGPT's {@code train.py} on DJL autograd, with AdamW,
 * warm-up and decay, gradient accumulation and clipping, validation, samples and resumable checkpoints.
 * One run at a time per JVM (DJL allows one gradient collector at a time).
 */
public final class Trainer {

  /** Validation reads at most this many windows, so it stays quick on a large validation file. */
  static final int MAX_VALIDATION_WINDOWS = 200;
  private static final double AVERAGE_DECAY = 0.99;
  /** Floats per chunk of the loss's (rows, V) tensors: 24 MiB, under glibc's 32 MiB mmap threshold ceiling. */
  private static final long LOSS_CHUNK_FLOATS = 6L << 20;

  private final TrainOptions options;
  private final TrainingListener listener;
  private final Tokenizer tokenizer = Tokenizer.gpt2();
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  public Trainer(TrainOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
  }

  /** Asks the run to stop after the current step; it then writes a checkpoint and returns. Any thread may call it. */
  public void stop() {
    stopRequested.set(true);
  }

  /** Runs to the last step (or until {@link #stop}), checkpointing as the options say. */
  public TrainingResult run() {
    TrainingData data = TrainingData.read(options, tokenizer);
    Path resumeFrom = options.resume() ? Checkpoints.latest(options.out()).orElseThrow(() ->
        new IllegalArgumentException("--resume: no checkpoint (step-*/) in " + options.out())) : null;
    TrainingState resumed = resumeFrom == null ? null : TrainingState.read(resumeFrom.resolve(TrainingState.FILE));
    // Resuming takes the architecture and the weights from the checkpoint, whatever --base or --size say.
    try (Gpt2Model model = resumeFrom != null ? Gpt2Model.load(resumeFrom)
        : options.base() != null ? Gpt2Model.load(options.base()) : Gpt2Model.random(options.config(), options.seed());
        AdamW optimizer = new AdamW(model.manager(), trainable(model), options.weightDecay())) {
      int blockSize = options.blockSize() > 0 ? options.blockSize() : model.config().nPositions();
      if (blockSize > model.config().nPositions()) {
        throw new IllegalArgumentException("--block-size " + blockSize + " exceeds the model's context of "
            + model.config().nPositions() + " positions");
      }
      data.requireBlock(blockSize, options.data());
      long seed = resumed != null ? resumed.seed() : options.seed();
      long tokensPerStep = (long) options.batch() * options.accumulate() * blockSize;
      int totalSteps = options.steps() > 0 ? options.steps()
          : (int) Math.max(1, Math.ceil(options.epochs() * data.train().length / tokensPerStep));
      int first = 0;
      double average = 0;
      if (resumed != null) {
        optimizer.load(resumeFrom.resolve(Checkpoints.OPTIMIZER));
        first = resumed.step();
        average = resumed.averageLoss();
      }
      listener.onStart(new TrainingStart(model.config(), first, totalSteps, data.train().length,
          data.validation().length, tokensPerStep, trainable(model).values().stream().mapToLong(NDArray::size).sum()));
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
        if (options.validates() && options.valEvery() > 0 && step % options.valEvery() == 0) {
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
   * global norm to {@code clip} (0 for no clipping) and apply AdamW. Returns the mean loss of the micro-batches.
   */
  static double optimisationStep(Gpt2Model model, AdamW optimizer, List<long[][]> microBatches, int step, double lr,
      double clip) {
    double loss = 0;
    for (long[][] windows : microBatches) {
      loss += backward(model, windows);
    }
    try (NDScope scope = new NDScope()) {
      // The gradients hold sums over micro-batches; their mean is what the loss describes.
      double scale = 1.0 / microBatches.size();
      if (clip > 0) {
        double norm = optimizer.gradientNorm() * scale;
        scale *= Math.min(1, clip / (norm + 1e-6));
      }
      optimizer.update(step, lr, scale);
    }
    return loss / microBatches.size();
  }

  /** Forward and backward of one micro-batch of (B, T + 1) windows; returns its loss. */
  static double backward(Gpt2Model model, long[][] windows) {
    try (NDScope scope = new NDScope();
        NDManager batch = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = loss(model, batch.create(windows));
      collector.backward(loss);
      return loss.getFloat();
    }
  }

  /** Mean next-token cross-entropy of (B, T + 1) windows: positions 0..T-1 predict tokens 1..T. */
  static NDArray loss(Gpt2Model model, NDArray windows) {
    long t = windows.getShape().get(1) - 1;
    NDArray inputs = windows.get(new NDIndex(":, :{}", t)); // (B, T)
    NDArray targets = windows.get(new NDIndex(":, 1:")).reshape(-1, 1); // (B*T, 1)
    NDArray hidden = model.hidden(inputs, null);
    hidden = hidden.reshape(-1, hidden.getShape().tail()); // (B*T, C)
    long rows = hidden.getShape().get(0);
    // The LM head and the loss run over chunks of rows so that each (rows, V) tensor (logits, log-probabilities
    // and their gradients) stays under glibc's 32 MiB mmap ceiling: a larger block is fresh mmap memory the
    // kernel must zero page by page (0.9 GB per tiny step, a third of its time), a smaller one reuses the memory
    // the previous chunk freed. Tiny, batch 8 x 128: 0.86 s -> 0.65 s per step.
    long chunk = Math.max(1, LOSS_CHUNK_FLOATS / model.config().vocabSize());
    NDArray sum = null;
    for (long from = 0; from < rows; from += chunk) {
      NDIndex range = new NDIndex("{}:{}", from, Math.min(rows, from + chunk));
      NDArray logProbs = model.logits(hidden.get(range)).logSoftmax(-1); // (chunk, V)
      NDArray picked = logProbs.gather(targets.get(range), -1).sum(); // ()
      sum = sum == null ? picked : sum.add(picked);
    }
    return sum.div(rows).neg(); // ()
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
      try (NDScope scope = new NDScope(); NDManager manager = model.manager().newSubManager()) {
        long predicted = (long) batch.length * (batch[0].length - 1);
        nll += loss(model, manager.create(batch)).getFloat() * predicted;
        tokens += predicted;
      }
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
