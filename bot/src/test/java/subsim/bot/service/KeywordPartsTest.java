package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.BotConfig;
import subsim.bot.config.ConfigLoader;
import subsim.bot.service.DocumentFormat.Decoded;
import subsim.keywords.KeywordDistribution;

/** The real keyword format behind the service's seam: prompts, and decoding a prompt plus what a model wrote. */
class KeywordPartsTest {

  private final KeywordParts format = new KeywordParts(Path.of("unused"));

  @Test
  void sampledKeywordsFollowTheDistributionARetrainRewrites(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    BotConfig bot = new ConfigLoader(Map.<String, String>of()::get, dir).parse("""
        bots:
          - name: jokes
            source_subreddit: Jokes
            target_subreddit: SimTest
            data: {files: [jokes.jsonl]}
            keywords: {source: sampled, count: 1}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """, "t.yaml").bots().get(0);
    Path file = dir.resolve("models/jokes/keywords.tsv");
    Files.createDirectories(file.getParent());
    KeywordDistribution.of(List.of(List.of("cat"))).write(file);
    KeywordSource source = new KeywordParts(dir.resolve("models")).sampled(bot);
    assertEquals(List.of("cat"), source.pick(new Random(1)));
    KeywordDistribution.of(List.of(List.of("dog"))).write(file);
    Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(60)));
    assertEquals(List.of("dog"), source.pick(new Random(1)));
  }

  @Test
  void dataWithNothingOfTheSubredditIsRefusedNamingTheSettings(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("jokes.jsonl");
    Files.writeString(data, """
        {"subreddit": "Jokes", "id": "a1", "title": "A joke", "selftext": "", "score": 5, "created_utc": 1355133891}
        {"subreddit": "Jokes", "id": "a2", "title": "Another joke
        """);
    // source_subreddit: Joke, a typo: every record is another subreddit's.
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new KeywordParts(dir.resolve("models")).encode(List.of(data), "Joke", dir.resolve("train.txt")));
    assertEquals("no post or comment of r/Joke in [" + data + "] (posts: 1, comments: 0, none of r/Joke):"
        + " check the bot's source_subreddit and data.files", refused.getMessage());
  }

  @Test
  void aPostPromptEndsWhereTheModelWritesTheTitle() {
    String prompt = format.postPrompt("Jokes", List.of("cat", "box"));

    assertEquals("<|startoftext|>~`jokes~^cat box~@", prompt);
  }

  @Test
  void aTitleAndBodyWrittenAfterThePostPromptDecodeIntoBoth() {
    String prompt = format.postPrompt("Jokes", List.of("cat"));

    Decoded decoded = format.decodePost(prompt + "Why do cats sit in boxes?~}Because they fit.~nEvery time.<|endoftext|>");

    assertEquals(new Decoded("Why do cats sit in boxes?", "Because they fit.\nEvery time.", "", Optional.empty()), decoded);
  }

  @Test
  void aGenerationCutOffByTheTokenLimitStillDecodes() {
    Decoded decoded = format.decodePost(format.postPrompt("Showerthoughts", List.of()) + "  Time is just a very slow ");

    assertEquals(Optional.empty(), decoded.malformed());
    assertEquals("Time is just a very slow", decoded.title());
    assertEquals("", decoded.body());
  }

  @Test
  void aReplyWrittenAfterTheCommentPromptDecodesIntoTheCommentAlone() {
    String prompt = format.commentPrompt("AskReddit", List.of("pizza"), "What food do you miss?",
        "From childhood.", List.of("Pizza from the school canteen.", "That was not pizza."));

    Decoded decoded = format.decodeComment(prompt + "It was to me.<|endoftext|>");

    assertTrue(prompt.endsWith("~>Pizza from the school canteen.~>That was not pizza.~$"), prompt);
    assertEquals(Optional.empty(), decoded.malformed());
    assertEquals("It was to me.", decoded.comment());
    assertEquals("What food do you miss?", decoded.title());
  }

  @Test
  void textThatLooksLikeMarkupIsEscapedInPromptsAndRestoredWhenDecoded() {
    String prompt = format.commentPrompt("AskReddit", List.of(), "A ~@ title", "", List.of("line one\nline <|two"));

    Decoded decoded = format.decodeComment(prompt + "ok");

    assertEquals("A ~@ title", decoded.title());
    assertEquals("ok", decoded.comment());
  }

  @Test
  void aModelThatStartsAnotherDocumentWroteSomethingMalformed() {
    String prompt = format.postPrompt("Jokes", List.of("cat"));

    Decoded decoded = format.decodePost(prompt + "A title<|startoftext|>~`jokes~^dog~@Another");

    assertTrue(decoded.malformed().isPresent(), decoded.toString());
    assertEquals("", decoded.title());
  }

  @Test
  void aModelThatRepeatsASectionWroteSomethingMalformed() {
    Decoded decoded = format.decodePost(format.postPrompt("Jokes", List.of()) + "A title~@A second title");

    assertTrue(decoded.malformed().isPresent(), decoded.toString());
  }

  @Test
  void aPostPromptContinuedAsACommentIsMalformed() {
    Decoded decoded = format.decodePost(format.postPrompt("Jokes", List.of()) + "A title~$a comment<|endoftext|>");

    assertEquals(Optional.of("asked for a post, the model wrote a comment"), decoded.malformed());
  }
}
