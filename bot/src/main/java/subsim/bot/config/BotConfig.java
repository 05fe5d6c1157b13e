package subsim.bot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import subsim.bot.config.ConfigNode.PathCheck;
import subsim.bot.config.SubsimConfig.RedditConfig.Mode;
import subsim.engine.Gpt2Config;
import subsim.keywords.reddit.RedditImporter;

/**
 * One bot: a model of {@code sourceSubreddit} that posts and comments in {@code targetSubreddit}. Its posts show
 * {@code flair} on the web pages, and on Reddit when {@code flairId} names a link-flair template of the target
 * subreddit (Reddit sets no flair from text alone).
 */
public record BotConfig(
    String name, String sourceSubreddit, String targetSubreddit, String flair, Optional<String> flairId,
    DataConfig data, ModelConfig model, GenerationConfig generation, KeywordConfig keywords, ScheduleConfig schedule,
    AccountConfig account, LimitsConfig limits, FilterConfig filters) {

  /** Reddit's limit on a flair's text, in characters. */
  private static final int MAX_FLAIR_TEXT = 64;

  static BotConfig read(ConfigNode node, Mode mode) {
    String name = node.string("name");
    if (!name.isEmpty() && !name.matches("[A-Za-z0-9_-]+")) {
      node.error("name", "use letters, digits, '-' and '_' only (it names folders and URLs), got '" + name + "'");
    }
    String source = subreddit(node, "source_subreddit", null);
    BotConfig bot = new BotConfig(
        name, source, subreddit(node, "target_subreddit", null),
        node.string("flair", "GPT-2 bot: r/" + source),
        node.optionalString("flair_id"),
        DataConfig.read(node.mapping("data")),
        ModelConfig.read(node.mapping("model")),
        GenerationConfig.read(node.mapping("generation")),
        KeywordConfig.read(node.mapping("keywords")),
        ScheduleConfig.read(node.mapping("schedule")),
        AccountConfig.read(node.mapping("account"), mode),
        LimitsConfig.read(node.mapping("limits")),
        FilterConfig.read(node.mapping("filters")));
    if (bot.flair().isBlank()) {
      node.error("flair", "posts must carry a flair that marks them as synthetic");
    }
    if (bot.flairId().filter(String::isBlank).isPresent()) {
      node.error("flair_id", "must not be empty: give the subreddit's flair template id, or leave the key out");
    }
    if (bot.flairId().isPresent() && bot.flair().length() > MAX_FLAIR_TEXT) {
      node.error("flair", bot.flair().length() + " characters; Reddit takes a flair of at most " + MAX_FLAIR_TEXT);
    }
    node.rejectUnknownKeys();
    return bot;
  }

  private static String subreddit(ConfigNode node, String key, String fallback) {
    String name = fallback == null ? node.string(key) : node.string(key, fallback);
    String bare = name.startsWith("r/") ? name.substring(2) : name;
    if (!bare.isEmpty() && !bare.matches("[A-Za-z0-9_]{2,21}")) {
      node.error(key, "not a subreddit name: '" + name + "'");
    }
    return bare;
  }

  /** Training data: JSON Lines files (posts and comments in the format of the shared data) and/or collect settings. */
  public record DataConfig(List<Path> files, Optional<CollectConfig> collect) {
    static DataConfig read(ConfigNode node) {
      List<Path> files = node.paths("files", PathCheck.READABLE_FILE);
      for (Path file : files) {
        if (!RedditImporter.reads(file)) {
          node.error("files", file + " is not Reddit data the importer reads (.jsonl, .ndjson, .csv or .json)");
        }
      }
      Optional<CollectConfig> collect = node.has("collect") ? Optional.of(CollectConfig.read(node.mapping("collect"))) : Optional.empty();
      if (files.isEmpty() && collect.isEmpty()) {
        node.error("files", "give training data files or collect settings");
      }
      node.rejectUnknownKeys();
      return new DataConfig(files, collect);
    }
  }

  /** How to collect the source subreddit through the Reddit API ({@code subsim collect}). */
  public record CollectConfig(String sort, String time, int limit, int commentsPerPost) {
    static CollectConfig read(ConfigNode node) {
      CollectConfig collect = new CollectConfig(node.string("sort", "top"), node.string("time", "all"),
          node.integer("limit", 1000, 1, 100_000), node.integer("comments_per_post", 10, 0, 500));
      if (!List.of("top", "new", "hot").contains(collect.sort())) {
        node.error("sort", "expected one of top, new, hot, got '" + collect.sort() + "'");
      }
      if (!List.of("all", "year", "month", "week", "day", "hour").contains(collect.time())) {
        node.error("time", "expected one of all, year, month, week, day, hour, got '" + collect.time() + "'");
      }
      if (node.has("time") && !collect.sort().equals("top")) {
        node.error("time", "only the top listing has a time window (Reddit ignores it for " + collect.sort()
            + "): set sort: top or leave time out");
      }
      node.rejectUnknownKeys();
      return collect;
    }
  }

  /** The bot's model: fine-tuned from {@code base} when given, else trained from scratch at {@code size}. */
  public record ModelConfig(Optional<Path> base, String size, TrainingConfig training) {
    static ModelConfig read(ConfigNode node) {
      Optional<Path> base = node.has("base") ? Optional.of(node.path("base", null, PathCheck.READABLE_DIRECTORY)) : Optional.empty();
      String size = node.string("size", "tiny");
      if (!Gpt2Config.NAMED_SIZES.contains(size)) {
        node.error("size", "expected one of tiny, 124M, 355M, 774M, 1558M, got '" + size + "'");
      }
      if (base.isPresent() && node.has("size")) {
        node.error("size", "give either base (a checkpoint to fine-tune) or size (a model trained from scratch)");
      }
      ConfigNode trainingNode = node.mapping("training");
      ModelConfig model = new ModelConfig(base, size, TrainingConfig.read(trainingNode));
      base.ifPresent(dir -> checkBase(node, dir));
      context(base, size).filter(positions -> model.training().blockSize() > positions).ifPresent(positions ->
          trainingNode.error("block_size", model.training().blockSize() + " is longer than the model's context of "
              + positions + " positions"));
      node.rejectUnknownKeys();
      return model;
    }

    /** A base folder must hold a readable config.json and weights, or the first training fails an hour later. */
    private static void checkBase(ConfigNode node, Path dir) {
      try {
        Gpt2Config.read(dir.resolve("config.json"));
      } catch (RuntimeException e) {
        node.error("base", e.getMessage());
        return;
      }
      if (Stream.of("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
          "pytorch_model.bin.index.json").noneMatch(name -> Files.isRegularFile(dir.resolve(name)))) {
        node.error("base", dir + " has no model.safetensors (or shards, or pytorch_model.bin)");
      }
    }

    /** The context length of the base checkpoint or named size; empty when that is itself at fault (reported). */
    private static Optional<Integer> context(Optional<Path> base, String size) {
      try {
        return Optional.of(base.map(dir -> Gpt2Config.read(dir.resolve("config.json"))).orElseGet(() ->
            Gpt2Config.named(size)).nPositions());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * Training parameters for the bot's model; {@code saveEvery} steps a checkpoint is written (0: only at the end), so
   * that a killed service resumes from it instead of starting over.
   */
  public record TrainingConfig(int steps, int batch, int blockSize, double learningRate, int warmup, double valFraction,
      long seed, int saveEvery) {
    static TrainingConfig read(ConfigNode node) {
      TrainingConfig training = new TrainingConfig(
          node.integer("steps", 300, 1, 10_000_000), node.integer("batch", 8, 1, 1024),
          node.integer("block_size", 128, 8, 2048), node.decimal("learning_rate", 1e-3, 1e-8, 1),
          node.integer("warmup", 20, 0, 1_000_000), node.decimal("val_fraction", 0.05, 0, 0.5),
          node.integer("seed", 1, 0, Integer.MAX_VALUE), node.integer("save_every", 500, 0, 10_000_000));
      node.rejectUnknownKeys();
      return training;
    }
  }

  /** Sampling controls; {@code maxAttempts} bounds regeneration after a filter rejects an item. */
  public record GenerationConfig(double temperature, int topK, double topP, double repetitionPenalty, int maxTokens, int maxAttempts) {
    static GenerationConfig read(ConfigNode node) {
      GenerationConfig generation = new GenerationConfig(
          node.decimal("temperature", 0.9, 0.01, 5), node.integer("top_k", 40, 0, 100_000),
          node.decimal("top_p", 0.95, 0.01, 1), node.decimal("repetition_penalty", 1.1, 1, 5),
          node.integer("max_tokens", 120, 1, 2048), node.integer("max_attempts", 5, 1, 100));
      node.rejectUnknownKeys();
      return generation;
    }
  }

  /** Where the keywords that steer each item come from: a fixed list, or sampled from the subreddit's own distribution. */
  public record KeywordConfig(Source source, List<String> fixed, int count) {

    /** The keyword source. */
    public enum Source { FIXED, SAMPLED }

    static KeywordConfig read(ConfigNode node) {
      KeywordConfig keywords = new KeywordConfig(node.choice("source", Source.SAMPLED), List.copyOf(node.strings("fixed")),
          node.integer("count", 2, 0, 20));
      if (keywords.source() == Source.FIXED && keywords.fixed().isEmpty()) {
        node.error("fixed", "source: fixed needs a non-empty list of keywords");
      }
      node.rejectUnknownKeys();
      return keywords;
    }
  }

  /** Quartz cron expressions (seconds first) for posts and, optionally, comments. */
  public record ScheduleConfig(String posts, Optional<String> comments) {
    static ScheduleConfig read(ConfigNode node) {
      ScheduleConfig schedule = new ScheduleConfig(node.cron("posts", true).orElse(""), node.cron("comments", false));
      node.rejectUnknownKeys();
      return schedule;
    }
  }

  /** The bot's Reddit account (an OAuth2 "script" app); literal secrets only in sandbox mode. */
  public record AccountConfig(String username, Secret clientId, Secret clientSecret, Secret password) {
    static AccountConfig read(ConfigNode node, Mode mode) {
      boolean literal = mode == Mode.SANDBOX;
      Secret missing = Secret.of("");
      AccountConfig account = new AccountConfig(node.string("username"),
          node.secret("client_id", literal).orElse(missing), node.secret("client_secret", literal).orElse(missing),
          node.secret("password", literal).orElse(missing));
      node.rejectUnknownKeys();
      return account;
    }
  }

  /** How much a bot may do: posts per day, comments under one post, and how deep its replies go. */
  public record LimitsConfig(int postsPerDay, int commentsPerPost, int replyDepth) {
    static LimitsConfig read(ConfigNode node) {
      LimitsConfig limits = new LimitsConfig(node.integer("posts_per_day", 24, 0, 10_000),
          node.integer("comments_per_post", 8, 0, 500), node.integer("reply_depth", 3, 0, 10));
      node.rejectUnknownKeys();
      return limits;
    }
  }

  /**
   * Content filters. A generation that shares a run of {@code min(maxOverlapWords, round(maxOverlapRatio * words))}
   * words (at least {@code minOverlapWords}) with a training document is a near-copy (markovify's overlap test,
   * as SubredditSimulator used; the floor keeps short titles from failing on common phrases like "the man").
   */
  public record FilterConfig(List<String> bannedWords, double maxOverlapRatio, int maxOverlapWords, int minOverlapWords) {
    static FilterConfig read(ConfigNode node) {
      FilterConfig filters = new FilterConfig(List.copyOf(node.strings("banned_words")),
          node.decimal("max_overlap_ratio", 0.7, 0.05, 1), node.integer("max_overlap_words", 15, 2, 1000),
          node.integer("min_overlap_words", 5, 1, 1000));
      node.rejectUnknownKeys();
      return filters;
    }
  }
}
