package subsim.bot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import subsim.db.BotRow;
import subsim.db.Database;
import subsim.db.PublishState;

/** {@code subsim db stats}: rows per table, and publishing states overall and per bot. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Print row counts per table and item counts per publishing state and bot.")
public final class DbStatsCommand implements Runnable {

  @ParentCommand private DbCommand db;
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Database store = db.openToRead()) {
      int pending = store.pendingMigrations();
      out.println("database " + store.file() + ", schema version " + store.schemaVersion() + (pending == 0 ? ""
          : " (" + pending + " migration" + (pending == 1 ? "" : "s") + " to apply: the next `subsim run` applies"
          + " them; this command changed nothing)"));
      out.println();
      out.printf("%-28s %10s%n", "table", "rows");
      for (Map.Entry<String, Long> table : store.tableCounts().entrySet()) {
        out.printf("%-28s %10d%n", table.getKey(), table.getValue());
      }
      out.println();
      printStates(out, store);
    }
    out.flush();
  }

  private static void printStates(PrintWriter out, Database store) {
    List<BotRow> bots = store.bots().findAll();
    List<Map<PublishState, Long>> columns = new ArrayList<>();
    columns.add(store.publications().countByState());
    StringBuilder header = new StringBuilder(String.format("%-12s %10s", "state", "all"));
    for (BotRow bot : bots) {
      columns.add(store.publications().countByState(bot.id()));
      header.append(String.format(" %14s", bot.name()));
    }
    out.println(header);
    for (PublishState state : PublishState.values()) {
      StringBuilder line = new StringBuilder(String.format("%-12s %10d", state, columns.get(0).get(state)));
      for (Map<PublishState, Long> column : columns.subList(1, columns.size())) {
        line.append(String.format(" %14d", column.get(state)));
      }
      out.println(line);
    }
  }
}
