package subsim.bot.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import subsim.keywords.KeywordExtractor;

/** {@code subsim keywords}: the keywords CoreNLP finds in a text, as the training format writes them. */
@Command(name = "keywords", mixinStandardHelpOptions = true,
    description = "Print the keywords of TEXT, space-separated, as the training format writes them "
        + "(nouns as written, verb/adjective/adverb lemmas, entities and compound nouns joined with dashes).")
public final class KeywordsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Text; several words are joined with spaces.")
  private List<String> words;

  @Override
  public Integer call() {
    List<String> keywords = KeywordExtractor.create().extract(String.join(" ", words));
    PrintWriter out = spec.commandLine().getOut();
    out.println(String.join(" ", keywords));
    out.flush();
    return 0;
  }
}
