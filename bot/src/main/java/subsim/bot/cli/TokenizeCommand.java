package subsim.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import subsim.engine.Tokenizer;

/** {@code subsim tokenize}: a text's GPT-2 token ids. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Print the GPT-2 token ids of TEXT, comma-separated (the form --prompt-ids and --ids take).")
public final class TokenizeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Text; several words are joined with spaces, as"
      + " keywords joins them.")
  private List<String> words;

  @Option(names = "--json", description = "Print {\"ids\":[...]}.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    int[] ids = Tokenizer.gpt2().encode(String.join(" ", words));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      ArrayNode array = root.putArray("ids");
      Arrays.stream(ids).forEach(array::add);
      out.println(mapper.writeValueAsString(root));
    } else {
      out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    }
    out.flush();
    return 0;
  }
}
