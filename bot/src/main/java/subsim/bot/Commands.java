package subsim.bot;

import java.util.ArrayList;
import java.util.List;

/** The list of {@code subsim} subcommands, one class each under {@code subsim.bot.cli}. */
final class Commands {

  private Commands() {}

  static List<Object> all() {
    List<Object> commands = new ArrayList<>();
    commands.add(new subsim.bot.cli.GenerateCommand());
    commands.add(new subsim.bot.cli.CollectCommand());
    commands.add(new subsim.bot.cli.EvalCommand());
    commands.add(new subsim.bot.cli.TokenizeCommand());
    commands.add(new subsim.bot.cli.KeywordsCommand());
    commands.add(new subsim.bot.cli.EncodeCommand());
    commands.add(new subsim.bot.cli.BenchCommand());
    commands.add(new subsim.bot.cli.TrainCommand());
    commands.add(new subsim.bot.cli.DbCommand());
    commands.add(new subsim.bot.cli.RunCommand());
    commands.add(new subsim.bot.cli.PostCommand());
    return commands;
  }
}
