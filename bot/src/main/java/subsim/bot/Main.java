package subsim.bot;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code subsim} command line: wires every subcommand and turns errors into one line and an exit code. */
@Command(
    name = "subsim",
    mixinStandardHelpOptions = true,
    version = "subsim 0.1.0",
    description = "A subreddit simulator: GPT-2 bots fine-tuned per subreddit.")
public final class Main {

  /** Exit code for bad arguments, bad files and bad configuration. */
  public static final int USER_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    // DJL probes the network at start-up unless it is told it is offline; set before any DJL class loads.
    System.setProperty("ai.djl.offline", "true");
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // A request too big for the heap (millions of samples, a huge --repeat): say so instead of a JVM trace.
      PrintWriter err = cli.getErr();
      err.println("subsim: out of memory (" + e.getMessage() + "): ask for less (fewer samples, a smaller batch,"
          + " fewer repeats) or give the JVM more with -Xmx");
      err.flush();
      return USER_ERROR;
    }
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Object command : Commands.all()) {
      cli.addSubcommand(command);
    }
    cli.setExecutionExceptionHandler(Main::reportError);
    cli.setParameterExceptionHandler(Main::reportBadArguments);
    return cli;
  }

  /** A bad option or argument: one line naming it and where to get help, no usage dump. */
  private static int reportBadArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("subsim: " + e.getMessage() + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return USER_ERROR;
  }

  /** One line on stderr for every failure; the stack trace only with SUBSIM_DEBUG set. */
  private static int reportError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("subsim: " + message.lines().findFirst().orElse(message));
    if (debug(System.getenv("SUBSIM_DEBUG"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return USER_ERROR;
  }

  /** SUBSIM_DEBUG set to anything but nothing, 0, false or no. */
  static boolean debug(String value) {
    return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false")
        && !value.equalsIgnoreCase("no");
  }
}
