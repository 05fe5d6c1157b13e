package subsim.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.engine.Gpt2Model;
import subsim.engine.NllResult;
import subsim.engine.Perplexity;
import subsim.engine.Tokenizer;

/** {@code subsim eval}: the mean next-token NLL and perplexity of a text under a model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Mean next-token negative log-likelihood (natural log) and perplexity of a text.")
public final class EvalCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Hugging Face GPT-2 folder, or a train --out folder (its newest checkpoint).")
  private Path model;

  @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text file to score.")
  private Path text;

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Token ids to score, e.g. 1,2,3.")
  private int[] ids;

  @Option(names = "--json", description = "Print {\"tokens\":N,\"nll\":X,\"perplexity\":Y}.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    if ((text == null) == (ids == null)) {
      throw new IllegalArgumentException("give exactly one of --text FILE or --ids 1,2,3");
    }
    int[] tokens = ids != null ? ids : Tokenizer.gpt2().encode(read(text));
    if (text != null && tokens.length < 2) {
      throw new IllegalArgumentException(text + ": perplexity needs at least 2 tokens, the file has " + tokens.length);
    }
    NllResult result;
    try (Gpt2Model loaded = Gpt2Model.load(ModelFolder.resolve(model, spec.commandLine().getErr()))) {
      result = Perplexity.evaluate(loaded, tokens);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      out.println(mapper.writeValueAsString(mapper.createObjectNode()
          .put("tokens", result.tokens()).put("nll", result.nll()).put("perplexity", result.perplexity())));
    } else {
      out.printf(Locale.ROOT, "tokens %d  nll %.6f  perplexity %.4f%n", result.tokens(), result.nll(), result.perplexity());
    }
    out.flush();
    return 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("text file not found: " + file);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
