package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.BotConfig;
import subsim.bot.config.ConfigLoader;
import subsim.bot.content.ContentFilter;
import subsim.bot.content.SyntheticLabel;
import subsim.bot.metrics.ServiceMetrics;
import subsim.db.Database;
import subsim.db.ItemKind;
import subsim.db.PublicationRow;
import subsim.db.PublishState;

class PostWriterTest {

  @TempDir Path dir;

  @Test
  void aSelfPostOverRedditsLimitOnceLabelledIsRejectedNotQueued() throws Exception {
    Files.copy(Path.of("../demo/Jokes.jsonl"), dir.resolve("jokes.jsonl"));
    BotConfig config = new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimTest
            data: {files: [jokes.jsonl]}
            generation: {max_attempts: 2}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """, "t.yaml").bots().get(0);
    SyntheticLabel label = new SyntheticLabel("*Written by {model}, a bot.*");
    // The body alone fits Reddit's 40,000 characters; with the label it does not.
    String body = "word ".repeat(ContentFilter.MAX_SELF_TEXT_LENGTH / 5 - 2).strip();
    try (Database db = Database.open(dir.resolve("s.db"))) {
      long botId = db.bots().upsert("jokes", "Jokes", "SimTest", "u");
      BotContext bot = new BotContext(config, botId, new ContentFilter(config.filters(), List.of(), List.of()),
          KeywordSource.fixed(List.of("cat"), 1), null, null, 1);
      long modelId = db.models().insert(botId, null, "models/jokes", "tiny", "tiny", 1, null, null);
      bot.useModel(new FixedText(modelId, "A long story~}" + body + "<|endoftext|>"));
      PostWriter writer = new PostWriter(db, new KeywordParts(dir.resolve("models")), label, ServiceMetrics.inMemory(),
          Clock.systemUTC());

      assertEquals(Optional.empty(), writer.write(bot));
      PublicationRow first = db.publications().findByItem(ItemKind.POST, 1).orElseThrow();
      assertEquals(PublishState.REJECTED, first.state());
      assertTrue(first.reason().startsWith("too_long: 40"), first.reason());
    }
  }

  /** A model that always writes {@code text}. */
  private record FixedText(long id, String text) implements TextModel {

    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public Continuation continueText(String prompt, long seed) {
      return new Continuation(text, 1, Duration.ZERO, "fixed");
    }

    @Override
    public void close() {}
  }
}
