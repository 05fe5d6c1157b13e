package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  void rejectsAnUnknownSortInOneLineBeforeAskingForCredentials() {
    for (List<String> credentials : List.of(List.<String>of(),
        List.of("--client-id", "a", "--client-secret", "b", "--username", "c", "--password", "d"))) {
      StringWriter err = new StringWriter();
      List<String> args = new ArrayList<>(List.of("funny", "--out", dir.resolve("x.jsonl").toString(),
          "--sort", "best"));
      args.addAll(credentials);
      assertEquals(2, run(new StringWriter(), err, args.toArray(String[]::new)));
      assertEquals("subsim: --sort: unknown value 'best'", err.toString().strip());
    }
  }

  @Test
  void aTimeWindowOutsideTheTopListingIsRefused() {
    StringWriter err = new StringWriter();
    assertEquals(2, run(new StringWriter(), err, "funny", "--out", dir.resolve("x.jsonl").toString(),
        "--sort", "new", "--time", "month"));
    assertEquals("subsim: --time: only the top listing has a time window (Reddit ignores it for new); add --sort top"
        + " or leave --time out", err.toString().strip());
  }

  @Test
  void aMissingUsernameIsNamedLikeTheOtherCredentials() {
    StringWriter err = new StringWriter();
    assertEquals(2, run(new StringWriter(), err, "funny", "--out", dir.resolve("x.jsonl").toString(),
        "--reddit-url", "http://127.0.0.1:9", "--client-id", "a", "--client-secret", "b", "--password", "d"));
    assertEquals("subsim: Reddit account: username is missing", err.toString().strip());
  }

  @Test
  void importsDumpsAndPrintsASummaryWithReasonsAndBadLines() throws Exception {
    Path dumps = Path.of("src/test/resources/fixtures/dumps");
    Path file = dir.resolve("jokes.jsonl");
    String[] args = {"Jokes", "--out", file.toString(), "--from-dump",
        dumps.resolve("RS_jokes_pushshift.jsonl").toString(), dumps.resolve("RC_jokes_pushshift.jsonl").toString()};
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    assertEquals(0, run(out, err, args), err.toString());

    assertTrue(out.toString().contains("imported 3 posts and 3 comments into " + file + " and "
        + dir.resolve("jokes.comments.jsonl") + "; skipped 6 ([deleted]/[removed] comment: 1, "
        + "[deleted]/[removed] post: 1, duplicate post id: 1, other subreddit: 2, over_18 post: 1); 2 bad lines"),
        out.toString());
    assertTrue(out.toString().contains("RS_jokes_pushshift.jsonl:6: not JSON"), out.toString());
    assertTrue(out.toString().contains("RC_jokes_pushshift.jsonl:4: missing field \"link_id\""), out.toString());
    assertEquals(3, Files.readAllLines(file).size());

    StringWriter again = new StringWriter();
    assertEquals(0, run(again, new StringWriter(), args));
    assertTrue(again.toString().contains("imported 0 posts and 0 comments"), again.toString());
    assertTrue(again.toString().contains("already in the corpus: 6"), again.toString());
    assertEquals(3, Files.readAllLines(file).size());
  }

  @Test
  void appliesIncludeNsfwAndBotToDumps() throws Exception {
    Path file = dir.resolve("jokes.jsonl");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    // --username names someone else, so that a SUBSIM_REDDIT_USERNAME in the environment cannot change the result.
    assertEquals(0, run(out, err, "Jokes", "--out", file.toString(), "--include-nsfw", "--bot", "subsim_bot",
        "--username", "not_a_bot", "--from-dump", "src/test/resources/fixtures/dumps/jokes_nsfw_and_bot_thread.jsonl"),
        err.toString());

    assertTrue(out.toString().contains("imported 2 posts and 4 comments into " + file + " and "
        + dir.resolve("jokes.comments.jsonl") + "; skipped 5 (bot's own comment: 1, bot's own post: 1, "
        + "under a dropped post or comment: 3); 0 bad lines"), out.toString());
  }

  @Test
  void refusesListingOptionsItCannotApplyToDumps() {
    String dump = "src/test/resources/fixtures/dumps/RS_jokes_pushshift.jsonl";
    String outFile = dir.resolve("x.jsonl").toString();
    for (String[] extra : List.of(new String[] {"--sort", "new"}, new String[] {"--since", "p1"},
        new String[] {"--reddit-url", "http://127.0.0.1:1"})) {
      StringWriter err = new StringWriter();
      List<String> args = new ArrayList<>(List.of("Jokes", "--out", outFile, "--from-dump", dump));
      args.addAll(List.of(extra));
      assertEquals(2, run(new StringWriter(), err, args.toArray(String[]::new)));
      assertTrue(err.toString().startsWith("subsim: " + extra[0] + ": "), err.toString());
      assertFalse(Files.exists(dir.resolve("x.jsonl")), "nothing written");
    }
  }

  @Test
  void refusesABadSubredditNameOneFileForBothAndADumpWithNothingGood() throws Exception {
    String dump = "src/test/resources/fixtures/dumps/RS_jokes_pushshift.jsonl";
    String outFile = dir.resolve("x.jsonl").toString();
    for (String name : List.of("r/Jokes", "", "bad name!")) {
      StringWriter err = new StringWriter();
      assertEquals(2, run(new StringWriter(), err, name, "--out", outFile, "--from-dump", dump));
      assertTrue(err.toString().startsWith("subsim: SUBREDDIT: '" + name + "' is not a subreddit name"),
          err.toString());
    }
    assertEquals(0, run(new StringWriter(), new StringWriter(), "reddit.com", "--out", dir.resolve("r.jsonl").toString(),
        "--from-dump", dump), "an old subreddit with a dot in its name");
    StringWriter same = new StringWriter();
    assertEquals(2, run(new StringWriter(), same, "Jokes", "--out", outFile, "--comments-out", outFile,
        "--from-dump", dump));
    assertTrue(same.toString().startsWith("subsim: --comments-out: "), same.toString());
    assertFalse(Files.exists(dir.resolve("x.jsonl")), "nothing written");

    Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), "not json\nnor this\n");
    StringWriter err = new StringWriter();
    assertEquals(2, run(new StringWriter(), err, "Jokes", "--out", outFile, "--from-dump", garbage.toString()));
    assertTrue(err.toString().startsWith("subsim: nothing imported: every record of"), err.toString());
  }

  @Test
  void numbersOutOfRangeNameTheirOption() {
    String outFile = dir.resolve("x.jsonl").toString();
    for (String[] bad : List.of(new String[] {"--limit", "-1", "--limit must be at least 1, got -1"},
        new String[] {"--requests-per-minute", "0", "--requests-per-minute must be 1..100"},
        new String[] {"--comments-per-post", "-2", "--comments-per-post must not be negative, got -2"})) {
      StringWriter err = new StringWriter();
      assertEquals(2, run(new StringWriter(), err, "funny", "--out", outFile, bad[0], bad[1],
          "--client-id", "a", "--client-secret", "b", "--username", "c", "--password", "d"));
      assertTrue(err.toString().startsWith("subsim: " + bad[2]), err.toString());
    }
  }
}
