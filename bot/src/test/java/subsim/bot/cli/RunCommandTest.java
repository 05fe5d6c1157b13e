package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.Main;

class RunCommandTest {

  @TempDir Path dir;

  @Test
  void aBadConfigurationPrintsEveryErrorAndExitsWithTwo() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        web: {port: http}
        metrics: {enabled: maybe}
        bots:
          - name: jokes
            source_subreddit: Jokes
            data: {files: [/nonexistent/jokes.jsonl]}
            schedule: {posts: "* * *"}
            account: {username: u, client_id: i, client_secret: s, password: p}
            colour: red
        """);
    CliRun run = CliRun.of("run", "--config", config.toString());

    String text = run.err();
    assertEquals(2, run.exit(), text);
    assertTrue(text.startsWith("subsim: 6 configuration errors"), text);
    for (String expected : new String[] {
        "bad.yaml:1: web.port: expected a whole number", "bad.yaml:2: metrics.enabled: expected true or false",
        "bad.yaml:4: bots[0].target_subreddit: is required", "bad.yaml:6: bots[0].data.files[0]: cannot read file",
        "bad.yaml:7: bots[0].schedule.posts: bad cron expression", "bad.yaml:9: bots[0].colour: unknown key"}) {
      assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
    }
  }

  @Test
  void aMissingConfigurationFileIsAUserError() {
    assertEquals(2, Main.run("run", "--config", dir.resolve("none.yaml").toString()));
  }
}
