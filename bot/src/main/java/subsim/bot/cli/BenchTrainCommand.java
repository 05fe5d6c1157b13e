package subsim.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.engine.Gpt2Config;
import subsim.engine.LibtorchTuning;
import subsim.engine.train.TrainingBenchmark;

/** {@code subsim bench train}: training tokens per second (forward, backward, AdamW) on random weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Measure training speed: tokens per second of full steps (forward + backward + clip + AdamW), "
        + "median of several steps after a warm-up.")
public final class BenchTrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--size", defaultValue = "124M", paramLabel = "SIZE",
      description = "tiny, 124M, 355M, 774M or 1558M (default: ${DEFAULT-VALUE}).")
  private String size;

  @Option(names = "--batch", defaultValue = "4", paramLabel = "B", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--seq", defaultValue = "128", paramLabel = "T", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  private int seq;

  @Option(names = "--steps", defaultValue = "5", paramLabel = "N", description = "Timed steps (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "S",
      description = "Keep warming up until this many seconds have passed too (default: ${DEFAULT-VALUE}).")
  private double warmupSeconds;

  @Option(names = "--json", description = "Print the figures as one JSON object.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    Gpt2Config config = Gpt2Config.named(size);
    TrainingBenchmark.Timing timing = TrainingBenchmark.time(config, batch, seq, warmup, warmupSeconds, steps);
    double[] seconds = timing.stepSeconds();
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    double tokensPerSecond = batch * seq / median;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode().put("size", size).put("batch", batch).put("seq", seq)
          .put("threads", Runtime.getRuntime().availableProcessors()).put("medianStepSeconds", median)
          .put("tokensPerSecond", tokensPerSecond).put("warmupSteps", timing.warmupSteps())
          .put("tuning", LibtorchTuning.describe());
      Arrays.stream(seconds).forEach(root.putArray("stepSeconds")::add);
      out.println(mapper.writeValueAsString(root));
    } else {
      out.printf(Locale.ROOT, "model %s (%d layers, %d wide), batch %d x %d tokens, %d warm-up + %d timed steps%n",
          size, config.nLayer(), config.nEmbd(), batch, seq, timing.warmupSteps(), steps);
      out.printf(Locale.ROOT, "step seconds: %s%n",
          Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 1000) / 1000.0).toArray()));
      out.printf(Locale.ROOT, "%.1f tokens/s (median step %.3f s)%n", tokensPerSecond, median);
      out.println(LibtorchTuning.describe());
    }
    out.flush();
    return 0;
  }
}
