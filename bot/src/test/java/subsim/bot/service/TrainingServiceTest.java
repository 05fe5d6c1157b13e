package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.ConfigLoader;
import subsim.bot.config.SubsimConfig;
import subsim.bot.metrics.ServiceMetrics;
import subsim.bot.service.TrainingService.TrainedModel;
import subsim.db.Database;
import subsim.db.RunStatus;
import subsim.db.TrainingRunRow;
import subsim.engine.train.TrainingProgress;

class TrainingServiceTest {

  @TempDir Path dir;

  /** An encoder that writes 80 short jokes, whatever the data. */
  private static CorpusEncoder.Counts eightyJokes(List<Path> files, String subreddit, Path out) {
    try {
      Files.writeString(out, "a joke about a cat<|endoftext|>another joke about a dog<|endoftext|>".repeat(40));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CorpusEncoder.Counts(80, 0);
  }

  /** A tiny r/Jokes bot on the demo posts, with these {@code training} settings. */
  private SubsimConfig jokesBot(String training) throws IOException {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    return new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimTest
            data: {files: [jokes.jsonl]}
            model: {size: tiny, training: %s}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """.formatted(training), "t.yaml");
  }

  @Test
  void aShutdownWhileEncodingStartsNoTraining() throws Exception {
    SubsimConfig config = jokesBot("{steps: 500, batch: 2, block_size: 32}");
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      TrainingService[] service = new TrainingService[1];
      // The shutdown arrives while the corpus is encoded, before any trainer exists to be told.
      CorpusEncoder encoder = (files, subreddit, out) -> {
        try {
          Files.writeString(out, "a joke<|endoftext|>another joke<|endoftext|>".repeat(50));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        service[0].stop();
        return new CorpusEncoder.Counts(100, 0);
      };
      service[0] = new TrainingService(db, dir.resolve("models"), encoder, ServiceMetrics.inMemory(),
          TrainingDisplay.logLines(1));
      BotContext bot = new BotContext(config.bots().get(0), botId, null, null, null, null, 1);
      assertEquals(Optional.empty(), service[0].ensureModel(bot, List.of(dir.resolve("jokes.jsonl"))));
      assertEquals(0L, db.tableCounts().get("training_runs"), "a training run was started after the shutdown");
    }
  }

  @Test
  void dataEncodedBeforeAShutdownIsNotEncodedAgainAtTheNextStart() throws Exception {
    SubsimConfig config = jokesBot("{steps: 3, batch: 2, block_size: 32}");
    List<Path> files = List.of(dir.resolve("jokes.jsonl"));
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      BotContext bot = new BotContext(config.bots().get(0), botId, null, null, null, null, 1);
      TrainingService[] first = new TrainingService[1];
      first[0] = new TrainingService(db, dir.resolve("models"), (in, subreddit, out) -> {
        CorpusEncoder.Counts counts = eightyJokes(in, subreddit, out);
        first[0].stop(); // the shutdown lands while CoreNLP works: the encoding finishes and is recorded
        return counts;
      }, ServiceMetrics.inMemory(), TrainingDisplay.logLines(1));
      assertEquals(Optional.empty(), first[0].ensureModel(bot, files));

      CorpusEncoder never = (in, subreddit, out) -> {
        throw new AssertionError("the data was encoded again");
      };
      TrainingService next = new TrainingService(db, dir.resolve("models"), never, ServiceMetrics.inMemory(),
          TrainingDisplay.logLines(1));
      assertTrue(next.ensureModel(bot, files).isPresent());
      assertEquals(1L, db.tableCounts().get("datasets"), "the same data was recorded twice");
    }
  }

  @Test
  void aServiceKilledMidTrainingResumesFromItsLastPeriodicCheckpoint() throws Exception {
    SubsimConfig config = jokesBot("{steps: 4, batch: 2, block_size: 16, val_fraction: 0, save_every: 2}");
    CorpusEncoder encoder = TrainingServiceTest::eightyJokes;
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      BotContext bot = new BotContext(config.bots().get(0), botId, null, null, null, null, 1);
      List<Path> files = List.of(dir.resolve("jokes.jsonl"));
      // The process dies during step 3, after step 2's checkpoint and before any shutdown could save one.
      TrainingDisplay dying = (name, first, total) -> new TrainingDisplay.View() {
        @Override
        public void step(TrainingProgress progress) {
          if (progress.step() == 3) {
            throw new IllegalStateException("killed");
          }
        }

        @Override
        public void close() {}
      };
      assertThrows(IllegalStateException.class, () -> new TrainingService(db, dir.resolve("models"), encoder,
          ServiceMetrics.inMemory(), dying).ensureModel(bot, files));

      List<Integer> firstSteps = new ArrayList<>();
      TrainingDisplay restarted = (name, first, total) -> {
        firstSteps.add(first);
        return TrainingDisplay.logLines(1).start(name, first, total);
      };
      TrainedModel model = new TrainingService(db, dir.resolve("models"), encoder, ServiceMetrics.inMemory(), restarted)
          .ensureModel(bot, files).orElseThrow();
      assertEquals(List.of(2), firstSteps, "the restarted service did not continue from step 2's checkpoint");
      assertEquals(4, db.models().findById(model.id()).orElseThrow().steps());
    }
  }

  @Test
  void aModelWhoseWeightsWereDeletedIsTrainedAgain() throws Exception {
    SubsimConfig config = jokesBot("{steps: 2, batch: 2, block_size: 16, val_fraction: 0}");
    CorpusEncoder encoder = TrainingServiceTest::eightyJokes;
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      BotContext bot = new BotContext(config.bots().get(0), botId, null, null, null, null, 1);
      List<Path> files = List.of(dir.resolve("jokes.jsonl"));
      TrainingService training = new TrainingService(db, dir.resolve("models"), encoder, ServiceMetrics.inMemory(),
          TrainingDisplay.logLines(1));
      TrainedModel model = training.ensureModel(bot, files).orElseThrow();

      Files.delete(model.folder().resolve("model.safetensors"));
      TrainedModel retrained = training.ensureModel(bot, files).orElseThrow();
      assertTrue(retrained.id() > model.id(), "the model without weights was kept");
      assertTrue(Files.isRegularFile(retrained.folder().resolve("model.safetensors")));
    }
  }

  @Test
  void dataThatCannotBeEncodedIsAFailedRunTheStatusPageShows() throws Exception {
    SubsimConfig config = jokesBot("{steps: 4, batch: 2, block_size: 16}");
    CorpusEncoder encoder = (files, subreddit, out) -> {
      throw new IllegalArgumentException("no post or comment of r/Jokes in the data");
    };
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      BotContext bot = new BotContext(config.bots().get(0), botId, null, null, null, null, 1);
      assertThrows(IllegalArgumentException.class, () -> new TrainingService(db, dir.resolve("models"), encoder,
          ServiceMetrics.inMemory(), TrainingDisplay.logLines(1)).ensureModel(bot, List.of(dir.resolve("jokes.jsonl"))));
      TrainingRunRow run = db.trainingRuns().findRecentByBot(botId, 1).get(0);
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals("no post or comment of r/Jokes in the data", run.error());
    }
  }

  @Test
  void runsADeadProcessLeftRunningAreMarkedFailedAtStart() throws Exception {
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      long killed = db.trainingRuns().start(botId, null, 150);
      db.trainingRuns().recordProgress(killed, 20, 8.9);
      long stopped = db.trainingRuns().start(botId, null, 150);
      db.trainingRuns().stop(stopped, 40, "stopped by a shutdown; the next start resumes");

      new TrainingService(db, dir.resolve("models"), (files, subreddit, out) -> new CorpusEncoder.Counts(0, 0),
          ServiceMetrics.inMemory(), TrainingDisplay.logLines(1)).settleInterrupted();

      TrainingRunRow settled = db.trainingRuns().findById(killed).orElseThrow();
      assertEquals(RunStatus.FAILED, settled.status());
      assertEquals("interrupted after step 20 of 150: the service ended without stopping it (killed or crashed)",
          settled.error());
      assertEquals(RunStatus.STOPPED, db.trainingRuns().findById(stopped).orElseThrow().status());
      assertEquals(List.of(), db.trainingRuns().findRunning());
    }
  }
}
