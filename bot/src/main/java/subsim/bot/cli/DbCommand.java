package subsim.bot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import subsim.bot.config.ConfigException;
import subsim.bot.config.ConfigLoader;
import subsim.db.Database;

/** {@code subsim db}: maintenance of the SQLite store, one subcommand class each. */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "Back up the database or print its statistics.",
    subcommands = {DbBackupCommand.class, DbStatsCommand.class})
public final class DbCommand implements Runnable {

  static final Path DEFAULT_FILE = Path.of("var", "subsim.db");

  @Spec private CommandSpec spec;

  @Option(names = "--db", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The database file (default: ${DEFAULT-VALUE}).", defaultValue = "var/subsim.db")
  private Path file;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Take the database from this service configuration instead of --db.")
  private Path config;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "db needs a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The database file the subcommands work on; the one place that decides which file that is. */
  Path databaseFile() {
    if (config == null) {
      return file;
    }
    if (given("--db")) {
      throw new IllegalArgumentException("give the database with --db or --config, not both");
    }
    try {
      return ConfigLoader.forService().load(config).database();
    } catch (ConfigException e) {
      int more = e.errors().size() - 1;
      throw new IllegalArgumentException(e.errors().get(0) + (more == 0 ? ""
          : " (and " + more + " more; 'subsim run --config " + config + "' lists them all)"), e);
    }
  }

  /** Whether {@code option} is on the command line, before or after the subcommand (the options are inherited). */
  private boolean given(String option) {
    for (CommandLine.ParseResult parsed = spec.commandLine().getParseResult(); parsed != null;
        parsed = parsed.subcommand()) {
      if (parsed.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Opens the existing database to read it as it is: never creates one, never migrates it (a backup of an older
   * file is of that file), and reads while the service writes.
   */
  Database openToRead() {
    Path db = databaseFile();
    if (!Files.isRegularFile(db)) {
      throw new IllegalArgumentException(db + ": no database file here" + (config == null && !given("--db")
          ? " (give it with --db FILE or --config FILE)" : ""));
    }
    return Database.openToRead(db);
  }
}
