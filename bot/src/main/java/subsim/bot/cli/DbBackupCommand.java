package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import subsim.db.Database;

/** {@code subsim db backup FILE}: a consistent copy of the live database, checked after it is written. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Copy the database into FILE with SQLite's online backup; safe while the service runs.")
public final class DbBackupCommand implements Runnable {

  @ParentCommand private DbCommand db;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The backup file to create; it must not exist.")
  private Path target;

  @Override
  public void run() {
    try (Database source = db.openToRead()) {
      source.backupTo(target);
    }
    List<String> problems;
    try (Database copy = Database.openToRead(target)) {
      problems = copy.integrityCheck();
    }
    if (!problems.equals(List.of("ok"))) {
      throw new IllegalStateException(target + ": backup failed its integrity check: " + problems.get(0));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("backed up " + db.databaseFile() + " to " + target + " (" + size(target) + " bytes, integrity ok)");
    out.flush();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
