package subsim.bot;

import java.util.ArrayList;
import java.util.List;

/** The list of {@code subsim} subcommands, one class each under {@code subsim.bot.cli}. */
final class Commands {

  private Commands() {}

  static List<Object> all() {
    List<Object> commands = new ArrayList<>();
    return commands;
  }
}
