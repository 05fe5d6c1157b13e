package subsim.bot.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import subsim.bot.config.BotConfig;
import subsim.bot.config.SubsimConfig;
import subsim.bot.jobs.NextFire;
import subsim.db.BotRow;
import subsim.db.Database;
import subsim.db.ModelRow;
import subsim.db.PublishState;
import subsim.db.TrainingRunRow;

/** What the status page shows: every bot with its model, training, schedule and counts; recent errors. */
public record StatusView(List<BotStatus> bots, Map<PublishState, Long> states, List<ErrorLine> errors) {

  /** One bot's line on the status page; absent figures are shown as "-". */
  public record BotStatus(
      String name, String source, String target, String model, String size, String steps, String perplexity,
      String training, String nextPost, String nextComment, Map<PublishState, Long> states) {}

  /** One failed publishing attempt. */
  public record ErrorLine(String at, String bot, String kind, String key, String error) {}

  static StatusView of(SubsimConfig config, Database db, List<NextFire> fires, Instant now) {
    List<BotStatus> bots = new ArrayList<>();
    for (BotConfig bot : config.bots()) {
      Optional<BotRow> row = db.bots().findByName(bot.name());
      Optional<ModelRow> model = row.flatMap(r -> db.models().findNewestByBot(r.id()));
      Optional<TrainingRunRow> run = row.flatMap(r -> db.trainingRuns().findRecentByBot(r.id(), 1).stream().findFirst());
      Map<PublishState, Long> states = row.map(r -> db.publications().countByState(r.id()))
          .orElseGet(() -> db.publications().countByState().entrySet().stream()
              .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> 0L, (a, b) -> a, () -> new java.util.EnumMap<>(PublishState.class))));
      bots.add(new BotStatus(bot.name(), bot.sourceSubreddit(), bot.targetSubreddit(),
          model.map(m -> Path.of(m.folder()).getFileName().toString()).orElse("-"),
          model.map(ModelRow::size).orElse(bot.model().size()),
          model.map(m -> Long.toString(m.steps())).orElse("-"),
          model.map(ModelRow::validationPerplexity).map(p -> String.format(Locale.ROOT, "%.2f", p)).orElse("-"),
          run.map(StatusView::training).orElse("not started"),
          fire(fires, bot.name(), "post", now), fire(fires, bot.name(), "comment", now), states));
    }
    List<ErrorLine> errors = db.publications().findRecentErrors(20).stream()
        .map(e -> new ErrorLine(Age.since(e.at(), now), e.botName(), e.kind().name().toLowerCase(Locale.ROOT), e.key(),
            e.error() == null ? "" : e.error()))
        .toList();
    return new StatusView(bots, db.publications().countByState(), errors);
  }

  private static String training(TrainingRunRow run) {
    String loss = run.loss() == null ? "" : String.format(Locale.ROOT, ", loss %.3f", run.loss());
    return switch (run.status()) {
      case RUNNING -> "training: step " + run.steps() + "/" + run.totalSteps() + loss;
      case SUCCEEDED -> "trained: " + run.steps() + " steps" + loss;
      case FAILED -> "failed: " + (run.error() == null ? "" : run.error());
      case STOPPED -> "stopped at step " + run.steps() + "/" + run.totalSteps() + loss + "; the next start resumes";
    };
  }

  private static String fire(List<NextFire> fires, String bot, String job, Instant now) {
    return fires.stream().filter(f -> f.bot().equals(bot) && f.job().equals(job) && f.at() != null)
        .map(f -> "in " + Math.max(0, f.at().getEpochSecond() - now.getEpochSecond()) + " s (" + f.at() + ")")
        .findFirst().orElse("-");
  }
}
