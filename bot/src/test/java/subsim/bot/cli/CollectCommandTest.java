package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import subsim.bot.sandbox.SandboxAccount;
import subsim.bot.sandbox.SandboxReddit;
import subsim.bot.sandbox.SandboxSeeder;
import subsim.db.sandbox.SandboxStore;

class CollectCommandTest {

  @TempDir Path dir;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new CollectCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, p) -> {
      c.getErr().println("subsim: " + e.getMessage());
      return 2;
    });
    return cli.execute(args);
  }

  @Test
  void collectsFromASandboxAndNeverPrintsTheSecret() throws Exception {
    SandboxStore store = SandboxStore.open(dir.resolve("sandbox.db"));
    new SandboxSeeder(store, "someone").seedPosts(Path.of("src/test/resources/fixtures/reddit/funny_posts.jsonl"), null);
    try (SandboxReddit reddit = SandboxReddit.start(store,
        List.of(new SandboxAccount("collector", "pw", "app", "top-secret")), 0)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Path file = dir.resolve("funny.jsonl");
      int code = run(out, err, "funny", "--out", file.toString(), "--sort", "new", "--limit", "5",
          "--comments-per-post", "0", "--client-id", "app", "--client-secret", "top-secret", "--username",
          "collector", "--password", "pw", "--reddit-url", reddit.baseUrl());
      assertEquals(0, code, err.toString());
      assertEquals(5, Files.readAllLines(file).size());
      assertTrue(out.toString().contains("collected 5 posts"), out.toString());
      assertFalse((out.toString() + err).contains("top-secret"));
    }
  }

  @Test
  void rejectsAnUnknownSortInOneLine() {
    StringWriter err = new StringWriter();
    int code = run(new StringWriter(), err, "funny", "--out", dir.resolve("x.jsonl").toString(), "--sort", "best",
        "--client-id", "a", "--client-secret", "b", "--username", "c", "--password", "d");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--sort: unknown value 'best'"), err.toString());
  }
}
