package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import subsim.bot.config.BotConfig;
import subsim.bot.config.BotConfig.KeywordConfig.Source;
import subsim.bot.config.ConfigException;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.content.ContentFilter;
import subsim.bot.content.SyntheticLabel;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.service.BotContext;
import subsim.bot.service.Gpt2TextModel;
import subsim.bot.service.KeywordParts;
import subsim.bot.service.KeywordSource;
import subsim.bot.service.PostWriter;
import subsim.db.BotRow;
import subsim.db.Database;
import subsim.db.ModelRow;

/** {@code subsim post BOT --dry-run}: one post from the bot's newest model, printed, not recorded or published. */
@Command(name = "post", mixinStandardHelpOptions = true,
    description = "Generate one post with BOT's model and print it (with --dry-run nothing is recorded or published).")
public final class PostCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BOT", description = "The bot's name in the configuration.")
  private String botName;

  @Option(names = "--dry-run", required = true, description = "Print the post instead of publishing it (required: the service publishes).")
  private boolean dryRun;

  @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration (default: config/subsim.yaml).")
  private Path config = RunCommand.DEFAULT_CONFIG;

  @Override
  public Integer call() {
    SubsimConfig loaded;
    try {
      loaded = ConfigLoader.forService().load(config);
    } catch (ConfigException e) {
      return RunCommand.report(spec.commandLine().getErr(), e);
    }
    BotConfig bot = loaded.bot(botName).orElseThrow(() -> new IllegalArgumentException(
        "no bot named '" + botName + "' in " + config + " (bots: " + loaded.bots().stream().map(BotConfig::name).toList() + ")"));
    KeywordParts keywords = new KeywordParts(loaded.modelsDir());
    if (!Files.isRegularFile(loaded.database())) {
      // Opening would create an empty database: a dry run records nothing, not even that.
      throw new IllegalStateException("no database at " + loaded.database() + " (the configuration's database), so bot '"
          + bot.name() + "' has no trained model yet: start `subsim run` once to train it");
    }
    try (Database db = Database.open(loaded.database())) {
      BotRow row = db.bots().findByName(bot.name()).orElseThrow(() -> noModel(bot));
      ModelRow model = db.models().findNewestByBot(row.id()).orElseThrow(() -> noModel(bot));
      String modelName = bot.name() + "-gpt2-" + model.size() + "-" + model.steps() + "steps";
      KeywordSource source = bot.keywords().source() == Source.FIXED
          ? KeywordSource.fixed(bot.keywords().fixed(), bot.keywords().count())
          : keywords.parts().sampledKeywords().apply(bot);
      ContentFilter filter = new ContentFilter(bot.filters(), List.of(), List.of());
      BotContext context = new BotContext(bot, row.id(), filter, source, null, null, System.nanoTime());
      SyntheticLabel label = new SyntheticLabel(loaded.label());
      PostWriter.Draft draft;
      try (Gpt2TextModel text = Gpt2TextModel.load(Path.of(model.folder()), model.id(), modelName, bot.generation())) {
        context.useModel(text);
        draft = new PostWriter(db, keywords, label, ServiceMetrics.inMemory(), Clock.systemUTC()).preview(context);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("keywords: " + String.join(" ", draft.keywords()));
      out.println("flair:    " + bot.flair());
      out.println("title:    " + draft.title());
      out.println();
      out.println(SyntheticLabel.attach(draft.body(), label.footer(modelName, bot.sourceSubreddit())));
      out.println();
      out.println(draft.rejection().map(r -> "filters:  rejected (" + r + ")").orElse("filters:  passed"));
      out.flush();
    }
    return 0;
  }

  private static IllegalStateException noModel(BotConfig bot) {
    return new IllegalStateException("bot '" + bot.name() + "' has no trained model yet: start `subsim run` once to train it");
  }
}
