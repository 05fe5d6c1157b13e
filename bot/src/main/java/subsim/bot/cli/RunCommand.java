package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.bot.config.ConfigException;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.service.KeywordParts;
import subsim.bot.service.SubsimService;
import subsim.bot.service.TrainingDisplay;

/** {@code subsim run}: the always-on service, until Ctrl-C or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the service: train missing models, post and comment on schedule, serve the web pages.")
public final class RunCommand implements Callable<Integer> {

  /** The embedded defaults: SQLite under var/, the sandbox Reddit, the demo bots. */
  static final Path DEFAULT_CONFIG = Path.of("config/subsim.yaml");

  @Spec private CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration (default: config/subsim.yaml).")
  private Path config = DEFAULT_CONFIG;

  @Override
  public Integer call() throws Exception {
    SubsimConfig loaded;
    try {
      loaded = ConfigLoader.forService().load(config);
    } catch (ConfigException e) {
      return report(spec.commandLine().getErr(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // A bar needs a terminal to redraw on; anywhere else (a service manager, a pipe, Docker logs) lines read better.
    TrainingDisplay display = System.console() != null ? new TrainingBar(System.err) : TrainingDisplay.logLines(10);
    SubsimService service = SubsimService.start(loaded, new KeywordParts(loaded.modelsDir()).parts(), Clock.systemUTC(), display);
    // SIGTERM and Ctrl-C: running jobs finish, queued items stay queued for the next start.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "subsim-shutdown"));
    stopped.await();
    return 0;
  }

  /** Every configuration error on its own line, then exit code 2. */
  static int report(PrintWriter err, ConfigException e) {
    err.println("subsim: " + e.getMessage());
    err.flush();
    return subsim.bot.Main.USER_ERROR;
  }
}
