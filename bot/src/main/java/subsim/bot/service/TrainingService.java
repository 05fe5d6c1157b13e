package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.bot.config.BotConfig.TrainingConfig;
import subsim.bot.metrics.ServiceMetrics;
import subsim.db.BotRow;
import subsim.db.Database;
import subsim.db.DatasetRow;
import subsim.db.ModelRow;
import subsim.db.TrainingRunRow;
import subsim.engine.Gpt2Config;
import subsim.engine.train.TrainOptions;
import subsim.engine.train.Trainer;
import subsim.engine.train.TrainingListener;
import subsim.engine.train.TrainingProgress;
import subsim.engine.train.TrainingResult;
import subsim.engine.train.TrainingStart;

/**
 * Gives each bot a model: the newest one when it was trained on the bot's current data and settings, else a new
 * one trained now (data encoded, the engine's {@link Trainer} run, the result recorded with its figures).
 */
public final class TrainingService {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
  /** A bot's folder for one version of its data and settings: the fingerprint's first 12 hex digits. */
  private static final Pattern VERSION_FOLDER = Pattern.compile("[0-9a-f]{12}");
  /** Steps between progress records in the store. */
  static final int RECORD_EVERY = 10;

  private final Database db;
  private final Path modelsDir;
  private final CorpusEncoder encoder;
  private final ServiceMetrics metrics;
  private final TrainingDisplay display;
  private volatile Trainer running;
  private volatile boolean stopped;

  public TrainingService(Database db, Path modelsDir, CorpusEncoder encoder, ServiceMetrics metrics, TrainingDisplay display) {
    this.db = db;
    this.modelsDir = modelsDir;
    this.encoder = encoder;
    this.metrics = metrics;
    this.display = display;
  }

  /** A trained model: its Hugging Face folder and the name the synthetic label gives it. */
  public record TrainedModel(long id, Path folder, String name) {}

  /**
   * A model that fits the bot's current data ({@code files}) and settings, training one when there is none; empty
   * when the training was stopped by {@link #stop} (the next start resumes it from its checkpoint).
   */
  public Optional<TrainedModel> ensureModel(BotContext bot, List<Path> files) {
    String fingerprint = fingerprint(bot.config(), files);
    Optional<ModelRow> current = current(bot.botId(), fingerprint);
    if (current.isEmpty() && train(bot, files, fingerprint)) {
      current = current(bot.botId(), fingerprint);
    }
    return current.map(model -> named(bot.config(), model));
  }

  /**
   * Marks failed the runs a process that ended without stopping them (killed, or crashed) left {@code RUNNING}, which
   * the status page would show training forever; run once at start, before any training (the service's lock keeps
   * any other process from training on this database meanwhile).
   */
  public void settleInterrupted() {
    for (TrainingRunRow run : db.trainingRuns().findRunning()) {
      db.trainingRuns().fail(run.id(), "interrupted after step " + run.steps() + " of " + run.totalSteps()
          + ": the service ended without stopping it (killed or crashed)");
      String bot = db.bots().findById(run.botId()).map(BotRow::name).orElse("bot " + run.botId());
      LOG.info("{}: its training run {} was interrupted after step {} of {} by the end of the service; marked failed",
          bot, run.id(), run.steps(), run.totalSteps());
    }
  }

  /** Asks a running training to stop after its current step and checkpoint; later trainings do not start. */
  public void stop() {
    stopped = true;
    Trainer trainer = running;
    if (trainer != null) {
      trainer.stop();
    }
  }

  private static TrainedModel named(BotConfig bot, ModelRow model) {
    return new TrainedModel(model.id(), Path.of(model.folder()), bot.name() + "-gpt2-" + model.size() + "-" + model.steps() + "steps");
  }

  /** Whether the bot's newest model was trained on {@code files} as they are now and on its current settings. */
  public boolean isCurrent(BotContext bot, List<Path> files) {
    return current(bot.botId(), fingerprint(bot.config(), files)).isPresent();
  }

  private Optional<ModelRow> current(long botId, String fingerprint) {
    Optional<ModelRow> model = db.models().findNewestByBot(botId);
    Optional<DatasetRow> data = db.datasets().findLatestByBot(botId);
    return model.filter(m -> data.isPresent() && data.get().fingerprint().equals(fingerprint)
            && data.get().id() == (m.datasetId() == null ? -1 : m.datasetId()))
        .filter(m -> isWholeModel(Path.of(m.folder())));
  }

  /**
   * One training at a time in the process: DJL allows one gradient collector, and the cores are shared anyway.
   * A run stopped by a shutdown left a checkpoint in the fingerprint's folder and resumes from it on the same data.
   */
  private synchronized boolean train(BotContext bot, List<Path> files, String fingerprint) {
    if (stopped) {
      return false;
    }
    BotConfig config = bot.config();
    Path dir = modelsDir.resolve(config.name()).resolve(fingerprint.substring(0, 12));
    Path corpus = dir.resolve("train.txt");
    Path checkpoints = dir.resolve("checkpoints");
    Optional<DatasetRow> encoded = db.datasets().findLatestByBot(bot.botId()).filter(d -> d.fingerprint().equals(fingerprint));
    boolean resume = hasCheckpoint(checkpoints) && encoded.isPresent();
    if (!resume) {
      clearStaleCheckpoints(checkpoints);
    }
    DatasetRow dataset;
    try {
      // Encoded before a shutdown stopped the service short of training: the recorded corpus is this data's.
      boolean reuse = encoded.isPresent() && Files.isRegularFile(corpus);
      dataset = reuse ? encoded.get() : encode(bot, files, fingerprint, corpus);
    } catch (RuntimeException e) {
      // A run that failed before it began, so that the status page says why the bot has no model, not "not started".
      db.trainingRuns().fail(db.trainingRuns().start(bot.botId(), null, config.model().training().steps()), reason(e));
      throw e;
    }
    if (stopped) {
      return false; // a shutdown came while encoding (CoreNLP takes a while): no training starts
    }
    TrainingConfig training = config.model().training();
    long runId = db.trainingRuns().start(bot.botId(), dataset.id(), training.steps());
    LOG.info("{}: {} a {} model on {} posts and {} comments, {} steps", config.name(), resume ? "resuming training of" : "training",
        config.model().base().map(Path::toString).orElse(config.model().size()), dataset.postCount(), dataset.commentCount(),
        training.steps());
    try (Listener listener = new Listener(bot, runId)) {
      Trainer trainer = new Trainer(options(config, corpus, checkpoints, resume), listener);
      running = trainer;
      if (stopped) {
        trainer.stop(); // stop() ran between the check above and the line before, when there was no trainer to tell
      }
      TrainingResult result = trainer.run();
      listener.close();
      if (result.stopped()) {
        db.trainingRuns().stop(runId, result.step(), "stopped by a shutdown; the next start resumes");
        LOG.info("{}: training stopped at step {} of {}; the next start resumes it", config.name(), result.step(), result.totalSteps());
        return false;
      }
      Double loss = Double.isNaN(result.validationLoss()) ? null : result.validationLoss();
      Double perplexity = Double.isNaN(result.validationPerplexity()) ? null : result.validationPerplexity();
      long modelId = db.models().insert(bot.botId(), dataset.id(), result.checkpoint().toString(),
          config.model().base().map(Path::toString).orElse(config.model().size()), config.model().size(), result.step(),
          loss, perplexity);
      db.trainingRuns().succeed(runId, modelId);
      removeEarlierVersions(dir);
      LOG.info("{}: trained {} steps in {} s ({} tokens/s), validation perplexity {}", config.name(), result.step(),
          String.format(Locale.ROOT, "%.1f", result.seconds()), String.format(Locale.ROOT, "%.0f", result.tokensPerSecond()),
          perplexity == null ? "not measured" : String.format(Locale.ROOT, "%.2f", perplexity));
      return true;
    } catch (RuntimeException | Error e) {
      // An OutOfMemoryError too: left RUNNING, the run would show as training on the status page until the next start.
      db.trainingRuns().fail(runId, reason(e));
      throw e;
    } finally {
      running = null;
    }
  }

  /** Encodes the bot's data {@code files} into {@code corpus} and records it as the bot's newest dataset. */
  private DatasetRow encode(BotContext bot, List<Path> files, String fingerprint, Path corpus) {
    BotConfig config = bot.config();
    try {
      Files.createDirectories(corpus.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + corpus.getParent(), e);
    }
    LOG.info("{}: encoding its training data ({})", config.name(), files);
    CorpusEncoder.Counts counts = encoder.encode(files, config.sourceSubreddit(), corpus);
    long id = db.datasets().insert(bot.botId(), files.stream().map(Path::toString).toList(), counts.posts(),
        counts.comments(), fingerprint);
    return db.datasets().findById(id).orElseThrow();
  }

  /**
   * Deletes the bot's folders for earlier data and settings (their corpus, model and checkpoints: gigabytes at 124M),
   * so that a bot retrained on freshly collected data every half hour does not fill the disk. Their rows stay in the
   * store; a model whose folder is gone is never picked again.
   */
  private static void removeEarlierVersions(Path current) {
    try (Stream<Path> versions = Files.list(current.getParent())) {
      for (Path version : versions.filter(p -> !p.equals(current) && Files.isDirectory(p)
          && VERSION_FOLDER.matcher(p.getFileName().toString()).matches()).toList()) {
        deleteTree(version);
        LOG.info("removed {}, the folder of an earlier model", version);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove earlier model folders beside {}: {}", current, e.getMessage());
    }
  }

  /**
   * A fresh run starts empty: what is left holds no whole checkpoint (the run was killed before its first save, or
   * during one) or one of a run whose dataset is no longer recorded, and neither can be resumed.
   */
  private static void clearStaleCheckpoints(Path checkpoints) {
    if (Files.isDirectory(checkpoints)) {
      try {
        deleteTree(checkpoints);
        LOG.info("removed {}: nothing there can be resumed (no whole checkpoint, or one of data no longer recorded)",
            checkpoints);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove stale checkpoints in " + checkpoints, e);
      }
    }
  }

  /** Deletes {@code root} and everything under it, deepest first. */
  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * A model folder with its configuration and weights: one whose weights were deleted by hand is trained again (from
   * scratch, or from a whole checkpoint), instead of failing to load at every check.
   */
  private static boolean isWholeModel(Path folder) {
    return Files.isRegularFile(folder.resolve("config.json"))
        && Files.isRegularFile(folder.resolve("model.safetensors"));
  }

  /**
   * Whether {@code dir} holds a checkpoint a resume can start from: the newest, the one the trainer resumes, found as
   * the trainer finds it, and whole.
   */
  private static boolean hasCheckpoint(Path dir) {
    try {
      return Trainer.latestCheckpoint(dir).filter(TrainingService::isWholeModel).isPresent();
    } catch (IllegalArgumentException incomplete) {
      return false; // the newest step folder lacks its training state: nothing to resume from
    }
  }

  /** What a failed run's row says: the message, or the exception itself when it has none. */
  private static String reason(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static TrainOptions options(BotConfig bot, Path corpus, Path out, boolean resume) {
    TrainingConfig t = bot.model().training();
    // A resumed run continues its checkpoint's weights; the trainer refuses a base beside them.
    Path base = resume ? null : bot.model().base().orElse(null);
    Gpt2Config architecture = bot.model().base().isEmpty() ? Gpt2Config.named(bot.model().size()) : null;
    return new TrainOptions(List.of(corpus), out, base, architecture, t.steps(), 0, t.batch(), 1, t.blockSize(),
        t.learningRate(), Math.min(t.warmup(), t.steps()), TrainOptions.Schedule.COSINE, 0.01, 1.0, null,
        t.valFraction(), t.valFraction() > 0 ? t.steps() : 0, t.saveEvery(), 0, "", 32, 1, false, t.seed(), resume);
  }

  /** Records progress every few steps in the store (status page) and every step in the metrics and the display. */
  private final class Listener implements TrainingListener, AutoCloseable {

    private final BotContext bot;
    private final long runId;
    private TrainingDisplay.View view;

    Listener(BotContext bot, long runId) {
      this.bot = bot;
      this.runId = runId;
    }

    @Override
    public void onStart(TrainingStart start) {
      view = display.start(bot.name(), start.firstStep(), start.totalSteps());
    }

    @Override
    public void onProgress(TrainingProgress p) {
      metrics.training(bot.name(), p.step(), p.loss());
      if (p.step() % RECORD_EVERY == 0 || p.step() == p.totalSteps()) {
        db.trainingRuns().recordProgress(runId, p.step(), p.averageLoss());
      }
      view.step(p);
    }

    /** Ends the display's view (idempotent: closed before the summary line, and again if training failed). */
    @Override
    public void close() {
      if (view != null) {
        view.close();
        view = null;
      }
    }
  }

  /** Changes when a data file (its size or modification time), or a setting that shapes the model, changes. */
  static String fingerprint(BotConfig bot, List<Path> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
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
