package subsim.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.engine.GenerationOptions;
import subsim.engine.Generator;
import subsim.engine.Gpt2Model;
import subsim.engine.Sample;
import subsim.engine.TokenListener;
import subsim.engine.Tokenizer;

/** {@code subsim generate}: continues a prompt with a GPT-2 checkpoint. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate text from a prompt with a GPT-2 model folder (config.json + model.safetensors).")
public final class GenerateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Hugging Face GPT-2 folder, or a train --out folder (its newest checkpoint).")
  private Path model;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text (default: unconditional).")
  private String prompt;

  @Option(names = "--prompt-ids", split = ",", paramLabel = "ID", description = "Prompt as token ids, e.g. 1,2,3.")
  private int[] promptIds;

  @Option(names = "--max-new-tokens", paramLabel = "N", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
  private int maxNewTokens = GenerationOptions.defaults().maxNewTokens();

  @Option(names = "--greedy", description = "Always take the likeliest token.")
  private boolean greedy;

  @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (default: 0.7).")
  private Double temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K likeliest tokens, 0 for all (default: 40).")
  private Integer topK;

  @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling: the likeliest tokens holding P of the mass (default: 1).")
  private Double topP;

  @Option(names = "--repetition-penalty", paramLabel = "R", description = "Penalise tokens already seen, 1 for off (default: 1).")
  private double repetitionPenalty = 1.0;

  @Option(names = "--stop", paramLabel = "STR", description = "End a sample where this text appears, cutting it there.")
  private String stop;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for reproducible samples.")
  private Long seed;

  @Option(names = "-n", paramLabel = "N", description = "Samples, generated together as one batch (default: ${DEFAULT-VALUE}).")
  private int samples = 1;

  @Option(names = "--no-prefix", description = "Leave the prompt out of the printed text.")
  private boolean noPrefix;

  @Option(names = "--json", description = "Print {\"samples\":[{\"text\":...,\"ids\":[new ids]}]}.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    if (prompt != null && promptIds != null) {
      throw new IllegalArgumentException("give --prompt or --prompt-ids, not both");
    }
    if (greedy && (temperature != null || topK != null || topP != null)) {
      throw new IllegalArgumentException("--greedy cannot be combined with --temperature, --top-k or --top-p");
    }
    GenerationOptions options = options();
    Tokenizer tokenizer = Tokenizer.gpt2();
    int[] ids = promptIds != null ? promptIds : tokenizer.encode(prompt == null ? "" : prompt);
    List<Sample> result;
    try (Gpt2Model loaded = Gpt2Model.load(ModelFolder.resolve(model, spec.commandLine().getErr()))) {
      result = new Generator(loaded, tokenizer).generate(ids, options, TokenListener.NONE);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(result));
    } else {
      for (int i = 0; i < result.size(); i++) {
        if (i > 0) {
          out.println("====================");
        }
        out.println(result.get(i).text());
      }
    }
    out.flush();
    return 0;
  }

  private GenerationOptions options() {
    GenerationOptions options = GenerationOptions.defaults()
        .withMaxNewTokens(maxNewTokens)
        .withGreedy(greedy)
        .withRepetitionPenalty(repetitionPenalty)
        .withStop(stop)
        .withSamples(samples)
        .withKeepPrefix(!noPrefix);
    if (temperature != null) {
      options = options.withTemperature(temperature);
    }
    if (topK != null) {
      options = options.withTopK(topK);
    }
    if (topP != null) {
      options = options.withTopP(topP);
    }
    return seed == null ? options : options.withSeed(seed);
  }

  static String toJson(List<Sample> samples) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode array = root.putArray("samples");
    for (Sample sample : samples) {
      ObjectNode node = array.addObject().put("text", sample.text());
      ArrayNode ids = node.putArray("ids");
      for (int id : sample.ids()) {
        ids.add(id);
      }
    }
    return mapper.writeValueAsString(root);
  }
}
