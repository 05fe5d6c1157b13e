package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.db.Database;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;

/** {@code subsim post BOT --dry-run}: one post from the bot's newest model, printed, nothing recorded. */
class PostCommandTest {

  @TempDir Path dir;

  private Path config() throws Exception {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    Path config = dir.resolve("subsim.yaml");
    Files.writeString(config, """
        database: %1$s/subsim.db
        models_dir: %1$s/models
        label: "*Synthetic: {model} on r/{subreddit}.*"
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimTest
            flair: "Jokes bot"
            data: {files: [%1$s/jokes.jsonl]}
            generation: {max_tokens: 8}
            keywords: {source: fixed, fixed: [cat, dog], count: 2}
            schedule: {posts: "0 0 * * * ?"}
            account: {username: jokes_bot, client_id: id, client_secret: secret, password: pw}
        """.formatted(dir));
    return config;
  }

  @Test
  void aDryRunPrintsOneLabelledPostAndRecordsNothing() throws Exception {
    Path config = config();
    Path model = dir.resolve("models/jokes/model");
    try (Gpt2Model random = Gpt2Model.random(new Gpt2Config(2, 2, 32, 64, 50257, 1e-5), 5)) {
      random.save(model);
    }
    try (Database db = Database.open(dir.resolve("subsim.db"))) {
      long bot = db.bots().upsert("jokes", "Jokes", "SimTest", "jokes_bot");
      db.models().insert(bot, null, model.toString(), "tiny", "tiny", 7, null, null);
    }

    CliRun run = CliRun.of("post", "jokes", "--dry-run", "--config", config.toString());

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("keywords: cat dog") || run.out().contains("keywords: dog cat"), run.out());
    assertTrue(run.out().contains("flair:    Jokes bot"), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("title:    ") && !l.substring(10).isBlank()), run.out());
    assertTrue(run.out().contains("*Synthetic: jokes-gpt2-tiny-7steps on r/Jokes.*"), run.out());
    assertTrue(run.out().contains("filters:  "), run.out());
    try (Database db = Database.open(dir.resolve("subsim.db"))) {
      long bot = db.bots().findByName("jokes").orElseThrow().id();
      assertEquals(0, db.posts().findRecentByBot(bot, 10).size(), "a dry run recorded a post");
      assertTrue(db.publications().countByState().values().stream().allMatch(n -> n == 0), "a dry run queued something");
    }
  }

  @Test
  void aBotWithoutAModelIsAOneLineUserErrorAndADryRunCreatesNoDatabase() throws Exception {
    Path config = config();
    Path database = dir.resolve("subsim.db");
    CliRun noDatabase = CliRun.of("post", "jokes", "--dry-run", "--config", config.toString());

    assertEquals(2, noDatabase.exit());
    assertEquals("subsim: no database at " + database + " (the configuration's database), so bot 'jokes' has no"
        + " trained model yet: start `subsim run` once to train it", noDatabase.err().strip());
    assertFalse(Files.exists(database), "a dry run created the database");

    Database.open(database).close();
    CliRun noModel = CliRun.of("post", "jokes", "--dry-run", "--config", config.toString());
    assertEquals(2, noModel.exit());
    assertEquals("subsim: bot 'jokes' has no trained model yet: start `subsim run` once to train it",
        noModel.err().strip());
  }

  @Test
  void anUnknownBotIsAOneLineUserErrorNamingTheBots() throws Exception {
    CliRun run = CliRun.of("post", "puns", "--dry-run", "--config", config().toString());

    assertEquals(2, run.exit());
    assertTrue(run.err().strip().startsWith("subsim: no bot named 'puns' in "), run.err());
    assertTrue(run.err().strip().endsWith("(bots: [jokes])"), run.err());
  }
}
