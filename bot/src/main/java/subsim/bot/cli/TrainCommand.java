package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.engine.Gpt2Config;
import subsim.engine.train.TrainOptions;
import subsim.engine.train.Trainer;
import subsim.engine.train.TrainingListener;
import subsim.engine.train.TrainingProgress;
import subsim.engine.train.TrainingResult;
import subsim.engine.train.TrainingStart;

/** {@code subsim train}: trains or fine-tunes a GPT-2 model on text files, with a progress bar. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a GPT-2 model from scratch (--size) or fine-tune one (--base) on text files or folders; "
        + "documents inside a file are separated by <|endoftext|>. Ctrl-C saves a checkpoint; --resume continues.")
public final class TrainCommand implements Callable<Integer> {

  /** How long a Ctrl-C waits for the current step and the checkpoint before the JVM exits anyway. */
  private static final long SHUTDOWN_WAIT_MINUTES = 10;

  @Spec private CommandSpec spec;

  @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE|DIR", description = "Training text.")
  private List<Path> data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint folder (step-NNNNNNN/ each).")
  private Path out;

  @Option(names = "--base", paramLabel = "DIR", description = "Hugging Face GPT-2 folder to fine-tune, or a train --out folder (its newest checkpoint).")
  private Path base;

  @Option(names = "--size", paramLabel = "SIZE", description = "Train from scratch: tiny, 124M, 355M, 774M or 1558M.")
  private String size;

  @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps.")
  private int steps;

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training tokens (instead of --steps).")
  private double epochs;

  @Option(names = "--batch", paramLabel = "B", description = "Sequences per micro-batch (default: ${DEFAULT-VALUE}).")
  private int batch = 1;

  @Option(names = "--accumulate", paramLabel = "A", description = "Micro-batches per step (default: ${DEFAULT-VALUE}).")
  private int accumulate = 1;

  @Option(names = "--block-size", paramLabel = "T", description = "Tokens per sequence (default: the model's context).")
  private int blockSize;

  @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  private double lr = 1e-4;

  @Option(names = "--warmup", paramLabel = "W", description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--schedule", paramLabel = "constant|cosine", description = "After warm-up (default: ${DEFAULT-VALUE}).")
  private String schedule = "constant";

  @Option(names = "--weight-decay", paramLabel = "D", description = "AdamW decoupled weight decay (default: ${DEFAULT-VALUE}).")
  private double weightDecay = 0.01;

  @Option(names = "--clip", paramLabel = "C", description = "Global gradient-norm limit, 0 for none (default: ${DEFAULT-VALUE}).")
  private double clip = 1.0;

  @Option(names = "--val", paramLabel = "FILE", description = "Validation text file.")
  private Path val;

  @Option(names = "--val-fraction", paramLabel = "F", description = "Hold back this fraction of the documents for validation.")
  private double valFraction;

  @Option(names = "--val-every", paramLabel = "N", description = "Steps between validations (default: ${DEFAULT-VALUE}).")
  private int valEvery = 100;

  @Option(names = "--save-every", paramLabel = "N", description = "Steps between checkpoints, 0 for only the last (default: ${DEFAULT-VALUE}).")
  private int saveEvery = 500;

  @Option(names = "--sample-every", paramLabel = "N", description = "Steps between samples, 0 for none (default: ${DEFAULT-VALUE}).")
  private int sampleEvery = 100;

  @Option(names = "--sample-prompt", paramLabel = "TEXT", description = "Prompt for samples (default: unconditional).")
  private String samplePrompt = "";

  @Option(names = "--sample-tokens", paramLabel = "N", description = "New tokens per sample (default: ${DEFAULT-VALUE}).")
  private int sampleTokens = 100;

  @Option(names = "--keep", paramLabel = "K", description = "Checkpoints kept (default: ${DEFAULT-VALUE}).")
  private int keep = 3;

  @Option(names = "--only-transformer-layers", description = "Freeze the embeddings and final norm; train only the blocks.")
  private boolean onlyTransformerLayers;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for weights, batches, split and samples (default: ${DEFAULT-VALUE}; a resumed run keeps its own).")
  private long seed = 42;

  @Option(names = "--resume", description = "Continue from the latest checkpoint in --out, with its --batch,"
      + " --accumulate and --block-size unless given.")
  private boolean resume;

  @Override
  public Integer call() throws Exception {
    if (base != null && size != null) {
      throw new IllegalArgumentException("give --base or --size, not both");
    }
    if (resume) {
      // A resumed run must keep its batch shape: what the command line leaves out comes from the checkpoint.
      CommandLine.ParseResult given = spec.commandLine().getParseResult();
      if (given.hasMatchedOption("--seed")) {
        throw new IllegalArgumentException("--seed: a resumed run keeps its checkpoint's seed, so that its batches"
            + " carry on where they stopped; leave --seed out");
      }
      Trainer.checkpointBatchShape(out).ifPresent(shape -> {
        batch = given.hasMatchedOption("--batch") ? batch : shape.batch();
        accumulate = given.hasMatchedOption("--accumulate") ? accumulate : shape.accumulate();
        blockSize = given.hasMatchedOption("--block-size") ? blockSize : shape.blockSize();
      });
    }
    if (base != null) {
      base = ModelFolder.resolve(base, spec.commandLine().getErr());
    }
    TrainOptions options = new TrainOptions(data, out, base, size == null ? null : Gpt2Config.named(size), steps,
        epochs, batch, accumulate, blockSize, lr, warmup, TrainOptions.Schedule.parse(schedule), weightDecay, clip,
        val, valFraction, valEvery, saveEvery, sampleEvery, samplePrompt, sampleTokens, keep, onlyTransformerLayers,
        seed, resume);
    PrintWriter console = spec.commandLine().getOut();
    try (BarListener listener = new BarListener(console)) {
      Trainer trainer = new Trainer(options, listener);
      // Ctrl-C or SIGTERM: ask the loop to stop, then hold the JVM open until it has written its checkpoint.
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        trainer.stop();
        try {
          finished.await(SHUTDOWN_WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "subsim-train-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        TrainingResult result = trainer.run();
        listener.close();
        console.println(summary(result));
        console.flush();
      } finally {
        finished.countDown();
        removeHook(hook);
      }
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running (Ctrl-C); it returns now that the latch is down.
    }
  }

  private static String summary(TrainingResult r) {
    if (r.step() == r.firstStep() && !r.stopped()) {
      return "already trained: step " + r.step() + " of " + r.totalSteps() + "; checkpoint " + r.checkpoint();
    }
    String validation = Double.isNaN(r.validationLoss()) ? ""
        : String.format(Locale.ROOT, ", val loss %.4f (ppl %.2f)", r.validationLoss(), r.validationPerplexity());
    String steps = r.firstStep() == 0 ? r.step() + " steps" : "steps " + (r.firstStep() + 1) + "-" + r.step();
    String how = (r.stopped() ? "stopped after " : "trained ") + steps + " of " + r.totalSteps();
    String resume = r.checkpoint() == null ? "" : r.stopped() ? "; continue with --resume" : "";
    String checkpoint = r.checkpoint() == null ? "no checkpoint written" : "checkpoint " + r.checkpoint();
    return String.format(Locale.ROOT, "%s in %s: avg loss %.4f%s, %.0f tokens/s; %s%s", how,
        duration(r.seconds()), r.averageLoss(), validation, r.tokensPerSecond(), checkpoint, resume);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** Renders the run: a progress bar on stderr, validation, samples and checkpoints as lines on stdout. */
  private static final class BarListener implements TrainingListener, AutoCloseable {

    private final PrintWriter console;
    private ProgressBar bar;

    BarListener(PrintWriter console) {
      this.console = console;
    }

    @Override
    public void onStart(TrainingStart start) {
      console.printf(Locale.ROOT, "model: %d layers, %d wide, %,d trainable parameters; %,d training tokens, "
              + "%,d validation tokens; %,d tokens per step%n", start.config().nLayer(), start.config().nEmbd(),
          start.trainableParameters(), start.trainTokens(), start.validationTokens(), start.tokensPerStep());
      if (start.checkpointTrainTokens() > 0 && start.checkpointTrainTokens() != start.trainTokens()) {
        console.printf(Locale.ROOT, "note: the checkpoint's run trained on %,d tokens and --data now holds %,d, so the"
            + " batches from here differ from an uninterrupted run's%n", start.checkpointTrainTokens(), start.trainTokens());
      }
      console.flush();
      // The bar shows elapsed and remaining time itself; the message stays short so the bar keeps its width on an
      // 80-column terminal.
      bar = StderrProgress.bar("train").setInitialMax(start.totalSteps())
          .startsFrom(start.firstStep(), java.time.Duration.ZERO).build();
    }

    @Override
    public void onProgress(TrainingProgress p) {
      bar.stepTo(p.step());
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.2f avg %.2f %.0f tok/s", p.loss(), p.averageLoss(),
          p.tokensPerSecond()));
    }

    @Override
    public void onValidation(int step, double loss, double perplexity) {
      line(String.format(Locale.ROOT, "step %d: validation loss %.4f, perplexity %.2f", step, loss, perplexity));
    }

    @Override
    public void onSample(int step, String text) {
      line("step " + step + " sample:\n" + text + "\n---");
    }

    @Override
    public void onCheckpoint(int step, Path dir) {
      line("step " + step + ": checkpoint " + dir);
    }

    private void line(String text) {
      console.println();
      console.println(text);
      console.flush();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
