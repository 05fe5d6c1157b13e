package subsim.bot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code subsim bench}: the speed benchmarks, one subcommand class each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchGenerateCommand.class, BenchTrainCommand.class})
public final class BenchCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "bench needs a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
