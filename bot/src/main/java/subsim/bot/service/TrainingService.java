package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.bot.config.BotConfig.TrainingConfig;
import subsim.bot.metrics.ServiceMetrics;
import subsim.db.Database;
import subsim.db.DatasetRow;
import subsim.db.ModelRow;
import subsim.engine.Gpt2Config;
import subsim.engine.train.TrainOptions;
import subsim.engine.train.Trainer;
import subsim.engine.train.TrainingListener;
import subsim.engine.train.TrainingProgress;
import subsim.engine.train.TrainingResult;

/**
 * Gives each bot a model: the newest one when it was trained on the bot's current data and settings, else a new
 * one trained now (data encoded, the engine's {@link Trainer} run, the result recorded with its figures).
 */
public final class TrainingService {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
  /** Steps between progress records in the store and the log. */
  static final int REPORT_EVERY = 10;

  private final Database db;
  private final Path modelsDir;
  private final CorpusEncoder encoder;
  private final ServiceMetrics metrics;

  public TrainingService(Database db, Path modelsDir, CorpusEncoder encoder, ServiceMetrics metrics) {
    this.db = db;
    this.modelsDir = modelsDir;
    this.encoder = encoder;
    this.metrics = metrics;
  }

  /** A trained model: its Hugging Face folder and the name the synthetic label gives it. */
  public record TrainedModel(Path folder, String name) {}

  /** A model that fits the bot's current data and settings, training one when there is none. */
  public TrainedModel ensureModel(BotContext bot) {
    String fingerprint = fingerprint(bot.config());
    Optional<ModelRow> current = current(bot.botId(), fingerprint);
    if (current.isPresent()) {
      return named(bot.config(), current.get());
    }
    train(bot, fingerprint);
    return named(bot.config(), db.models().findNewestByBot(bot.botId()).orElseThrow());
  }

  private static TrainedModel named(BotConfig bot, ModelRow model) {
    return new TrainedModel(Path.of(model.folder()), bot.name() + "-gpt2-" + model.size() + "-" + model.steps() + "steps");
  }

  /** Whether the bot's newest model was trained on its current data and settings. */
  public boolean isCurrent(BotContext bot) {
    return current(bot.botId(), fingerprint(bot.config())).isPresent();
  }

  private Optional<ModelRow> current(long botId, String fingerprint) {
    Optional<ModelRow> model = db.models().findNewestByBot(botId);
    Optional<DatasetRow> data = db.datasets().findLatestByBot(botId);
    return model.filter(m -> data.isPresent() && data.get().fingerprint().equals(fingerprint)
            && data.get().id() == (m.datasetId() == null ? -1 : m.datasetId()))
        .filter(m -> Files.isRegularFile(Path.of(m.folder()).resolve("config.json")));
  }

  /** One training at a time in the process: DJL allows one gradient collector, and the cores are shared anyway. */
  private synchronized void train(BotContext bot, String fingerprint) {
    BotConfig config = bot.config();
    Path dir = modelsDir.resolve(config.name()).resolve(fingerprint.substring(0, 12));
    Path corpus = dir.resolve("train.txt");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    CorpusEncoder.Counts counts = encoder.encode(config.data().files(), config.sourceSubreddit(), corpus);
    long datasetId = db.datasets().insert(bot.botId(),
        config.data().files().stream().map(Path::toString).toList(), counts.posts(), counts.comments(), fingerprint);
    TrainingConfig training = config.model().training();
    long runId = db.trainingRuns().start(bot.botId(), datasetId, training.steps());
    LOG.info("{}: training a {} model on {} posts and {} comments, {} steps", config.name(),
        config.model().base().map(Path::toString).orElse(config.model().size()), counts.posts(), counts.comments(), training.steps());
    try {
      TrainingResult result = new Trainer(options(config, corpus, dir.resolve("checkpoints")), listener(bot, runId)).run();
      Double loss = Double.isNaN(result.validationLoss()) ? null : result.validationLoss();
      Double perplexity = Double.isNaN(result.validationPerplexity()) ? null : result.validationPerplexity();
      long modelId = db.models().insert(bot.botId(), datasetId, result.checkpoint().toString(),
          config.model().base().map(Path::toString).orElse(config.model().size()), config.model().size(), result.step(),
          loss, perplexity);
      db.trainingRuns().succeed(runId, modelId);
      LOG.info("{}: trained {} steps in {} s ({} tokens/s), validation perplexity {}", config.name(), result.step(),
          String.format(Locale.ROOT, "%.1f", result.seconds()), String.format(Locale.ROOT, "%.0f", result.tokensPerSecond()), perplexity);
    } catch (RuntimeException e) {
      db.trainingRuns().fail(runId, e.getMessage() == null ? e.toString() : e.getMessage());
      throw e;
    }
  }

  private static TrainOptions options(BotConfig bot, Path corpus, Path out) {
    TrainingConfig t = bot.model().training();
    Path base = bot.model().base().orElse(null);
    Gpt2Config architecture = base == null ? Gpt2Config.named(bot.model().size()) : null;
    return new TrainOptions(List.of(corpus), out, base, architecture, t.steps(), 0, t.batch(), 1, t.blockSize(),
        t.learningRate(), Math.min(t.warmup(), t.steps()), TrainOptions.Schedule.COSINE, 0.01, 1.0, null,
        t.valFraction(), t.valFraction() > 0 ? t.steps() : 0, 0, 0, "", 32, 1, false, t.seed(), false);
  }

  /** Records progress every few steps: the store (status page), the metrics, and one log line with rate and ETA. */
  private TrainingListener listener(BotContext bot, long runId) {
    return (TrainingProgress p) -> {
      metrics.training(bot.name(), p.step(), p.loss());
      if (p.step() % REPORT_EVERY == 0 || p.step() == p.totalSteps()) {
        db.trainingRuns().recordProgress(runId, p.step(), p.averageLoss());
        LOG.info(String.format(Locale.ROOT, "%s: training step %d/%d loss %.3f (avg %.3f) %.0f tokens/s ETA %.0f s",
            bot.name(), p.step(), p.totalSteps(), p.loss(), p.averageLoss(), p.tokensPerSecond(), p.etaSeconds()));
      }
    };
  }

  /** Changes when a data file, or a setting that shapes the model, changes. */
  static String fingerprint(BotConfig bot) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : bot.data().files()) {
        digest.update((file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      digest.update((bot.sourceSubreddit() + "|" + bot.model()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read training data of " + bot.name(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
