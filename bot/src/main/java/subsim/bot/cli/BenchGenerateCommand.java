package subsim.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.engine.GenerationOptions;
import subsim.engine.Generator;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;
import subsim.engine.LibtorchTuning;
import subsim.engine.Tokenizer;

/** {@code subsim bench generate}: new tokens per second of KV-cache generation (random weights unless a folder is given). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Measure generation speed: new tokens per second, median of several runs after a warm-up.")
public final class BenchGenerateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--size", defaultValue = "124M", paramLabel = "SIZE|DIR",
      description = "tiny, 124M, 355M, 774M, 1558M (random weights) or a model folder (default: ${DEFAULT-VALUE}).")
  private String size;

  @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--prompt-tokens", defaultValue = "16", paramLabel = "N", description = "Prompt length (default: ${DEFAULT-VALUE}).")
  private int promptTokens;

  @Option(names = "--new-tokens", defaultValue = "64", paramLabel = "N", description = "Tokens generated per sample (default: ${DEFAULT-VALUE}).")
  private int newTokens;

  @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}).")
  private int runs;

  // A fresh JVM's C2 compiler works through the first few hundred decoded tokens, on a core the two decoding
  // threads need (with --warmup 0: 21, 26, 28, 29 tok/s, then 29-34); three runs leave the steady state.
  @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--json", description = "Print the figures as one JSON object.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || promptTokens < 1 || newTokens < 1 || runs < 1) {
      throw new IllegalArgumentException("--batch, --prompt-tokens, --new-tokens and --runs must be positive");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
    }
    long loadStart = System.nanoTime();
    // A named size wins over a folder of that name in the working directory (write ./tiny for the folder).
    try (Gpt2Model model = !Gpt2Config.isNamed(size) && Files.isDirectory(Path.of(size))
        ? Gpt2Model.load(Path.of(size)) : Gpt2Model.random(Gpt2Config.named(size), 0)) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      if (promptTokens > model.config().nPositions()) {
        // Only the context's worth would be read, and the figures would name a prompt that was not.
        throw new IllegalArgumentException("--prompt-tokens " + promptTokens + ": the model's context holds "
            + model.config().nPositions());
      }
      int vocab = Math.min(model.config().vocabSize(), Tokenizer.END_OF_TEXT);
      int[] prompt = new Random(0).ints(promptTokens, 0, vocab).toArray();
      GenerationOptions options = GenerationOptions.defaults()
          .withMaxNewTokens(newTokens).withSamples(batch).withSeed(0).withKeepPrefix(false);
      Generator generator = new Generator(model, Tokenizer.gpt2());
      for (int i = 0; i < warmup; i++) {
        generator.generate(prompt, options, (row, id) -> { });
      }
      double[] rates = new double[runs];
      for (int i = 0; i < runs; i++) {
        // Counted, not assumed: a sample that draws <|endoftext|> ends early.
        AtomicInteger tokens = new AtomicInteger();
        long start = System.nanoTime();
        generator.generate(prompt, options, (row, id) -> tokens.incrementAndGet());
        rates[i] = tokens.get() / ((System.nanoTime() - start) / 1e9);
      }
      print(model.config(), loadSeconds, rates);
    }
    return 0;
  }

  private void print(Gpt2Config config, double loadSeconds, double[] rates) throws Exception {
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode()
          .put("size", size).put("batch", batch).put("promptTokens", promptTokens).put("newTokens", newTokens)
          .put("threads", Runtime.getRuntime().availableProcessors()).put("tokensPerSecond", median)
          .put("tuning", LibtorchTuning.describe());
      Arrays.stream(rates).forEach(root.putArray("runs")::add);
      out.println(mapper.writeValueAsString(root));
    } else {
      out.printf(Locale.ROOT, "model %s (%d layers, %d wide), loaded in %.1f s%n", size, config.nLayer(), config.nEmbd(),
          loadSeconds);
      out.printf(Locale.ROOT, "batch %d, %d prompt + %d new tokens, %d runs: %s new tokens/s%n", batch, promptTokens,
          newTokens, runs, Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 10) / 10.0).toArray()));
      out.printf(Locale.ROOT, "%.1f new tokens/s (median)%n", median);
      out.println(LibtorchTuning.describe());
    }
    out.flush();
  }
}
