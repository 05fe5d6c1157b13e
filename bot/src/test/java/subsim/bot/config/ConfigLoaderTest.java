package subsim.bot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.bot.config.BotConfig.KeywordConfig.Source;
import subsim.bot.config.SubsimConfig.RedditConfig.Mode;

class ConfigLoaderTest {

  @TempDir Path dir;

  private SubsimConfig parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(env::get, dir).parse(yaml, "test.yaml");
  }

  private List<ConfigError> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml, Map.of())).errors();
  }

  private String bot(String name, String extra) {
    return """
          - name: %s
            source_subreddit: Jokes
            target_subreddit: SubSimulatorDemo
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: id, client_secret: s, password: p}
        %s""".formatted(name, extra);
  }

  @Test
  void readsTheEmbeddedDefaults() {
    SubsimConfig config = new ConfigLoader(Map.<String, String>of()::get, Path.of("..")).load(Path.of("../config/subsim.yaml"));
    assertEquals(Mode.SANDBOX, config.reddit().mode());
    assertEquals(3, config.bots().size());
    BotConfig jokes = config.bot("jokes").orElseThrow();
    assertEquals("Jokes", jokes.sourceSubreddit());
    assertTrue(Files.isRegularFile(jokes.data().files().get(0)));
    assertEquals(Source.SAMPLED, jokes.keywords().source());
    assertTrue(jokes.schedule().comments().isPresent());
    assertTrue(config.label().contains("{model}"));
  }

  @Test
  void fillsDefaultsForOptionalSections() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    SubsimConfig config = parse("bots:\n" + bot("a", ""), Map.of());
    BotConfig bot = config.bots().get(0);
    assertEquals(8080, config.web().port());
    assertEquals(dir.resolve("var/subsim.db"), config.database());
    assertEquals("tiny", bot.model().size());
    assertEquals(0.9, bot.generation().temperature());
    assertEquals(3, bot.limits().replyDepth());
    assertEquals("GPT-2 bot: r/Jokes", bot.flair());
    assertTrue(bot.schedule().comments().isEmpty());
  }

  @Test
  void reportsEveryErrorTogetherWithKeyPathAndLine() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = """
        web:
          port: eighty
          colour: blue
        reddit: {mode: offline}
        bots:
        """ + bot("a", "") + """
          - name: b
            target_subreddit: SubSimulatorDemo
            data: {files: [missing.jsonl]}
            schedule: {posts: "every five minutes", comments: "0 0 25 * * ?"}
            generation: {temperature: hot, top_p: 2}
            account: {username: u, client_id: id, client_secret: s, password: p}
        """;
    List<ConfigError> errors = errors(yaml);
    assertHas(errors, 2, "web.port", "expected a whole number");
    assertHas(errors, 3, "web.colour", "unknown key");
    assertHas(errors, 4, "reddit.mode", "expected one of live, sandbox");
    assertHas(errors, 12, "bots[1].source_subreddit", "is required");
    assertHas(errors, 14, "bots[1].data.files[0]", "cannot read file");
    assertHas(errors, 15, "bots[1].schedule.posts", "bad cron expression");
    assertHas(errors, 15, "bots[1].schedule.comments", "bad cron expression");
    assertHas(errors, 16, "bots[1].generation.temperature", "expected a number");
    assertHas(errors, 16, "bots[1].generation.top_p", "must be between");
    assertEquals(9, errors.size(), errors::toString);
  }

  @Test
  void aCrontabLineIsToldThatQuartzWantsSecondsFirst() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("bots:\n" + bot("a", "").replace("0 0/5 * * * ?", "0 0/2 * * *")
        + bot("b", "").replace("0 0/5 * * * ?", "every five minutes"));
    assertHas(errors, 6, "bots[0].schedule.posts",
        "bad cron expression '0 0/2 * * *': Unexpected end of expression. (5 fields, as in a Unix crontab: Quartz"
            + " wants 6 or 7, seconds first; e.g. 0 0/2 * * * ? is every two minutes)");
    assertHas(errors, 12, "bots[1].schedule.posts", "bad cron expression 'every five minutes'");
    assertFalse(errors.get(1).message().contains("crontab"), errors::toString);
    assertEquals(2, errors.size(), errors::toString);
  }

  @Test
  void refusesValuesThatWouldOnlyFailOnceTheServiceRuns() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.createDirectories(dir.resolve("var/db-folder"));
    String yaml = """
        database: var/db-folder
        models_dir: ""
        reddit: {mode: live, oauth_url: "http://oauth.reddit.com"}
        bots:
        """ + bot("a", """
                model: {size: tiny, training: {block_size: 256}}
            """).replace("0 0/5 * * * ?", "0 0 0 1 1 ? 2020").replace("[jokes.jsonl]", "[jokes.jsonl, \"\"]")
        .replace("client_id: id, client_secret: s, password: p",
            "client_id: \"${ID}\", client_secret: \"${ID}\", password: \"${ID}\"");
    List<ConfigError> errors = assertThrows(ConfigException.class, () -> parse(yaml, Map.of("ID", "x"))).errors();
    assertHas(errors, 1, "database", "is a folder");
    assertHas(errors, 2, "models_dir", "must not be empty");
    assertHas(errors, 3, "reddit.oauth_url", "expected an https:// URL");
    assertHas(errors, 8, "bots[0].data.files[1]", "must not be empty");
    assertHas(errors, 9, "bots[0].schedule.posts", "never fires from now on");
    assertHas(errors, 11, "bots[0].model.training.block_size", "256 is longer than the model's context of 128");
    assertEquals(6, errors.size(), errors::toString);
  }

  @Test
  void aFolderSettingThatIsAFileIsRefused() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.writeString(dir.resolve("models.txt"), "not a folder\n");
    List<ConfigError> errors = errors("models_dir: models.txt\ndata_dir: jokes.jsonl\nbots:\n" + bot("a", ""));
    assertHas(errors, 1, "models_dir", "not a folder: " + dir.resolve("models.txt").toAbsolutePath());
    assertHas(errors, 2, "data_dir", "not a folder: " + dir.resolve("jokes.jsonl").toAbsolutePath());
    assertEquals(2, errors.size(), errors::toString);
  }

  @Test
  void refusesDataTheImporterCannotReadAndABaseThatIsNotACheckpoint() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Files.createDirectories(dir.resolve("empty-base"));
    Files.createDirectories(dir.resolve("no-weights"));
    Files.writeString(dir.resolve("no-weights/config.json"), """
        {"n_layer": 2, "n_head": 2, "n_embd": 64, "n_positions": 128, "vocab_size": 1000}""");
    String yaml = "bots:\n" + bot("a", """
                model: {size: tiny, base: empty-base}
            """).replace("[jokes.jsonl]", "[jokes.jsonl, notes.txt]") + bot("b", """
                model: {base: no-weights}
            """);
    List<ConfigError> errors = errors(yaml);
    assertHas(errors, 5, "bots[0].data.files", "notes.txt is not Reddit data the importer reads");
    assertHas(errors, 8, "bots[0].model.size", "give either base");
    assertHas(errors, 8, "bots[0].model.base", "config.json");
    assertHas(errors, 15, "bots[1].model.base", "has no model.safetensors");
    assertEquals(4, errors.size(), errors::toString);
  }

  @Test
  void anUnreadableConfigurationFileIsNamedWithTheReasonInWords() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get, dir);
    Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    Files.createDirectories(dir.resolve("folder.yaml"));
    for (var file : Map.of("missing.yaml", "no such file", "latin1.yaml", "not UTF-8 text",
        "folder.yaml", "a folder, not a file").entrySet()) {
      List<ConfigError> errors = assertThrows(ConfigException.class,
          () -> loader.load(dir.resolve(file.getKey()))).errors();
      assertEquals("cannot read the configuration: " + file.getValue(), errors.get(0).message(), file.getKey());
    }
  }

  @Test
  void aWebHostThisMachineCannotServeOnIsRefused() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("web: {host: 999.1.1.1}\nbots:\n" + bot("a", ""));
    assertHas(errors, 1, "web.host", "'999.1.1.1' is not an address of this machine");
    assertEquals(1, errors.size(), errors::toString);
    for (String host : List.of("127.0.0.1", "0.0.0.0", "localhost")) {
      assertEquals(host, parse("web: {host: " + host + "}\nbots:\n" + bot("a", ""), Map.of()).web().host());
    }
  }

  @Test
  void theWebPagesAndTheSandboxNeedAPortEach() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("web: {port: 9000}\nreddit: {sandbox_port: 9000}\nbots:\n" + bot("a", ""));
    assertHas(errors, 2, "reddit.sandbox_port", "web.port and reddit.sandbox_port are both 9000");
    assertEquals(1, errors.size(), errors::toString);
    errors = errors("web: {port: 8081}\nbots:\n" + bot("a", ""));
    assertHas(errors, 1, "web.port", "web.port and reddit.sandbox_port are both 8081");
    assertEquals(1, errors.size(), errors::toString);
    assertEquals(0, parse("web: {port: 0}\nreddit: {sandbox_port: 0}\nbots:\n" + bot("a", ""), Map.of()).web().port());
  }

  @Test
  void rejectsDuplicateBotNamesAndAnEmptyLabel() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("label: ''\nbots:\n" + bot("a", "") + bot("a", ""));
    assertHas(errors, 1, "label", "cannot be empty");
    assertHas(errors, 9, "bots[1].name", "another bot already has the name");
  }

  @Test
  void reportsBrokenYamlWithItsLine() {
    List<ConfigError> errors = errors("web:\n  port: 1\n bots: [\n");
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).line() >= 3, errors::toString);
    assertTrue(errors.get(0).message().startsWith("not valid YAML"));
    assertFalse(errors.get(0).message().contains("quote it"), errors::toString);
  }

  @Test
  void anUnquotedEnvironmentReferenceInAFlowMappingIsToldToQuoteIt() {
    String yaml = "reddit: {mode: live}\nbots:\n" + bot("a", "").replace("client_secret: s", "client_secret: ${MY_SECRET}");
    List<ConfigError> errors = errors(yaml);
    assertEquals(1, errors.size(), errors::toString);
    assertEquals(8, errors.get(0).line(), errors::toString);
    assertEquals("not valid YAML: expected ',' or '}', but got { (inside {...}, quote it: \"${MY_SECRET}\")",
        errors.get(0).message());
  }

  @Test
  void readsSecretsFromTheEnvironmentAndFilesAndNeverPrintsThem() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.writeString(dir.resolve("password.txt"), "hunter2\n");
    String yaml = """
        reddit: {mode: live}
        bots:
          - name: a
            source_subreddit: Jokes
            target_subreddit: SubSimulatorDemo
            data: {files: [jokes.jsonl]}
            schedule: {posts: "0 0/5 * * * ?"}
            account: {username: u, client_id: "${ID}", client_secret: "${SECRET}", password: {file: password.txt}}
        """;
    SubsimConfig config = parse(yaml, Map.of("ID", "the-client-id", "SECRET", "the-secret"));
    BotConfig.AccountConfig account = config.bots().get(0).account();
    assertEquals("the-secret", account.clientSecret().reveal());
    assertEquals("hunter2", account.password().reveal());
    String printed = config.toString();
    for (String secret : List.of("the-client-id", "the-secret", "hunter2")) {
      assertFalse(printed.contains(secret), "toString shows a secret: " + printed);
    }
    assertTrue(printed.contains("env:SECRET"));
  }

  @Test
  void liveModeRefusesLiteralSecretsAndUnsetVariables() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = "reddit: {mode: live}\nbots:\n" + bot("a", "").replace("client_secret: s", "client_secret: \"${NOPE}\"");
    List<ConfigError> errors = errors(yaml);
    assertHas(errors, 8, "bots[0].account.client_id", "give secrets as ${ENV_VAR}");
    assertHas(errors, 8, "bots[0].account.client_secret", "environment variable NOPE is not set");
    assertHas(errors, 8, "bots[0].account.password", "give secrets as ${ENV_VAR}");
    assertFalse(errors.toString().contains("client_secret: s"));
  }

  @Test
  void aFlairForAFlairTemplateIsHeldToRedditsLength() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String tooLong = "f".repeat(65);
    String yaml = "bots:\n" + bot("a", "    flair: " + tooLong + "\n    flair_id: 4a7d0c52-flair-template\n");
    assertHas(errors(yaml), 8, "bots[0].flair", "65 characters; Reddit takes a flair of at most 64");
    assertEquals(Optional.of("4a7d0c52-flair-template"), parse(yaml.replace(tooLong, "GPT-2 bot"), Map.of()).bots()
        .get(0).flairId());
    assertHas(errors(yaml.replace(tooLong, "GPT-2 bot").replace("4a7d0c52-flair-template", "\"\"")), 9,
        "bots[0].flair_id", "must not be empty");
  }

  @Test
  void aSecretVariableThatIsSetButEmptyIsCalledEmpty() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = "bots:\n" + bot("a", "").replace("client_secret: s", "client_secret: \"${EMPTY}\"");
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml, Map.of("EMPTY", "")));
    assertHas(e.errors(), 7, "bots[0].account.client_secret", "environment variable EMPTY is empty");
  }

  @Test
  void aCollectTimeWindowOutsideTheTopListingIsRefused() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = "bots:\n" + bot("a", "").replace("data: {files: [jokes.jsonl]}",
        "data: {files: [jokes.jsonl], collect: {sort: new, time: month}}");
    assertHas(errors(yaml), 5, "bots[0].data.collect.time", "only the top listing has a time window");
  }

  @Test
  void aCronExpressionQuartzCannotParseIsExplainedWithoutJavaClassNames() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("bots:\n" + bot("a", "").replace("0 0/5 * * * ?", "0 0 0 W * ?"));
    assertHas(errors, 6, "bots[0].schedule.posts", "bad cron expression '0 0 0 W * ?'");
    assertFalse(errors.toString().contains("java."), errors::toString);
  }

  @Test
  void aSecretFileThatIsNotUtf8IsSaidSoNotCalledMissing() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.write(dir.resolve("secret.bin"), new byte[] {(byte) 0xFF, (byte) 0xFE, 'x', '\n'});
    String yaml = "bots:\n" + bot("a", "").replace("client_secret: s", "client_secret: {file: secret.bin}");
    List<ConfigError> errors = errors(yaml);
    assertEquals(1, errors.size(), errors::toString);
    assertHas(errors, 7, "bots[0].account.client_secret", "secret file " + dir.resolve("secret.bin")
        + " is not UTF-8 text");
  }

  @Test
  void aKeyWrittenWithoutAValueIsSaidToHaveNoneNotCalledUnknown() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    List<ConfigError> errors = errors("bots:\n" + bot("a", "    model:\n      base:\n"));
    assertEquals(1, errors.size(), errors::toString);
    assertHas(errors, 9, "bots[0].model.base", "has no value: give one or leave the key out");
  }

  @Test
  void aMissingSectionIsReportedAtTheLineOfWhatHoldsIt() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = "web: {port: 8080}\nbots:\n" + bot("a", "").replace("    schedule: {posts: \"0 0/5 * * * ?\"}\n", "");
    assertHas(errors(yaml), 3, "bots[0].schedule.posts", "is required");
    List<ConfigError> scalarBot = errors("web: {port: 8080}\nbots:\n  - jokes\n");
    assertTrue(scalarBot.stream().allMatch(e -> e.line() == 3), scalarBot::toString);
  }

  @Test
  void yamlItCannotReadIsAConfigurationErrorWithTheFileName() {
    List<ConfigError> control = errors("web:\n  port: 8080\nlabel: a\u0007b\n");
    assertEquals("test.yaml:3: not valid YAML: character U+0007 is not allowed in YAML", control.get(0).toString());

    StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 0; i < 60; i++) {
      bomb.append("b").append(i).append(": &b").append(i).append(" [*a, *a]\n");
    }
    List<ConfigError> aliases = errors(bomb.toString());
    assertTrue(aliases.get(0).toString().startsWith("test.yaml: not valid YAML: Number of aliases"), aliases::toString);

    List<ConfigError> merge = errors("defaults: &d {port: 8080}\nweb:\n  <<: *d\n");
    assertHas(merge, 3, "web", "YAML merge keys (<<) are not supported: write the keys out");
  }

  @Test
  void readsSandboxSeedFilesRelativeToTheConfigFolder() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.createDirectories(dir.resolve("seed"));
    Files.writeString(dir.resolve("seed/posts.jsonl"), "{}\n");
    Files.writeString(dir.resolve("seed/comments.jsonl"), "{}\n");
    String yaml = "reddit:\n  sandbox_seed: [seed/posts.jsonl, seed/comments.jsonl]\nbots:\n" + bot("a", "");
    SubsimConfig config = parse(yaml, Map.of());
    assertEquals(List.of(dir.resolve("seed/posts.jsonl"), dir.resolve("seed/comments.jsonl")),
        config.reddit().sandboxSeed());
    assertEquals(List.of(), parse("bots:\n" + bot("a", ""), Map.of()).reddit().sandboxSeed());
  }

  @Test
  void reportsUnreadableSandboxSeedFilesWithTheirLine() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = """
        reddit:
          sandbox_seed:
            - jokes.jsonl
            - missing.jsonl
        bots:
        """ + bot("a", "");
    List<ConfigError> errors = errors(yaml);
    assertHas(errors, 4, "reddit.sandbox_seed[1]", "cannot read file " + dir.resolve("missing.jsonl").toAbsolutePath());
    assertEquals(1, errors.size(), errors::toString);
  }

  @Test
  void aSandboxSeedTheImporterCannotReadAndAnEmptyUserAgentAreRefusedAtTheirLines() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    Files.writeString(dir.resolve("notes.txt"), "not Reddit data\n");
    String yaml = "reddit:\n  user_agent: \"\"\n  sandbox_seed: [notes.txt]\nbots:\n" + bot("a", "");
    List<ConfigError> errors = errors(yaml);
    assertHas(errors, 2, "reddit.user_agent", "must not be empty");
    assertHas(errors, 3, "reddit.sandbox_seed", dir.resolve("notes.txt") + " is not Reddit data the importer reads");
    assertEquals(2, errors.size(), errors::toString);
  }

  @Test
  void refusesSandboxSeedInLiveMode() throws Exception {
    Files.writeString(dir.resolve("jokes.jsonl"), "{}\n");
    String yaml = """
        reddit:
          mode: live
          sandbox_seed: [jokes.jsonl]
        bots:
        """ + bot("a", "").replace("client_id: id, client_secret: s, password: p",
            "client_id: \"${ID}\", client_secret: \"${ID}\", password: \"${ID}\"");
    List<ConfigError> errors = assertThrows(ConfigException.class, () -> parse(yaml, Map.of("ID", "x"))).errors();
    assertHas(errors, 3, "reddit.sandbox_seed", "only the sandbox can be seeded");
    assertEquals(1, errors.size(), errors::toString);
  }

  private static void assertHas(List<ConfigError> errors, int line, String path, String message) {
    assertTrue(errors.stream().anyMatch(e -> e.line() == line && e.path().equals(path) && e.message().contains(message)),
        () -> "no error at line " + line + " " + path + " '" + message + "' in:\n" + errors);
  }
}
