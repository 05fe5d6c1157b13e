package subsim.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import subsim.bot.collect.CollectOptions;
import subsim.bot.collect.Collector;
import subsim.bot.collect.DumpImporter;
import subsim.bot.reddit.ListingSort;
import subsim.bot.reddit.RedditAccount;
import subsim.bot.reddit.RedditClientOptions;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditSession;
import subsim.bot.reddit.TimeWindow;

/**
 * {@code subsim collect}: builds a subreddit corpus from Reddit through JRAW, incrementally and politely, or from
 * offline dumps ({@code --from-dump}).
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "Collect a subreddit's posts and top comments as JSON Lines from Reddit or from dumps "
        + "(resumable; adds only what is new).")
public final class CollectCommand implements Callable<Integer> {

  /** Bad lines listed one by one after the summary; a broken dump can have millions. */
  private static final int PROBLEMS_SHOWN = 20;
  /** Letters, digits and _, up to 22 for a user's u_ subreddit; dots for old ones such as reddit.com. */
  private static final Pattern SUBREDDIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.]{1,21}");

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SUBREDDIT", description = "Subreddit to read, without r/.")
  private String subreddit;

  @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Posts file (appended to).")
  private Path out;

  @Option(names = "--comments-out", paramLabel = "FILE", description = "Comments file (default: the --out file with .comments.jsonl for .jsonl).")
  private Path commentsOut;

  @Option(names = "--sort", defaultValue = "top", paramLabel = "top|new|hot", description = "Listing (default: top).")
  private String sort;

  @Option(names = "--time", defaultValue = "all", paramLabel = "all|year|month|week|day|hour",
      description = "Time window of a top listing (default: all).")
  private String time;

  @Option(names = "--limit", defaultValue = "1000", paramLabel = "N", description = "New posts to write (default: 1000).")
  private int limit;

  @Option(names = "--comments-per-post", defaultValue = "20", paramLabel = "K",
      description = "Top comments kept per post, replies with their parents (default: 20).")
  private int commentsPerPost;

  @Option(names = "--since", paramLabel = "ID", description = "A post id (abc or t3_abc): --sort new stops there, "
      + "top and hot skip it and every older (lower) id.")
  private String since;

  @Option(names = "--include-nsfw", description = "Also collect posts marked NSFW (over_18), from Reddit or dumps.")
  private boolean includeNsfw;

  @Option(names = "--bot", paramLabel = "NAME", description = "A bot account whose posts and comments, with the "
      + "comments under them, are never collected, from Reddit or dumps (repeatable; --username is always one).")
  private List<String> bots = new ArrayList<>();

  @Option(names = "--requests-per-minute", defaultValue = "60", paramLabel = "N",
      description = "Client-side request cap (default: 60; Reddit allows 100).")
  private int requestsPerMinute;

  @Option(names = "--client-id", defaultValue = "${env:SUBSIM_REDDIT_CLIENT_ID}", paramLabel = "ID",
      description = "Script app client id (default: $SUBSIM_REDDIT_CLIENT_ID).")
  private String clientId;

  @Option(names = "--client-secret", defaultValue = "${env:SUBSIM_REDDIT_CLIENT_SECRET}", paramLabel = "SECRET",
      description = "Script app secret (default: $SUBSIM_REDDIT_CLIENT_SECRET).")
  private String clientSecret;

  @Option(names = "--username", defaultValue = "${env:SUBSIM_REDDIT_USERNAME}", paramLabel = "NAME",
      description = "Reddit username (default: $SUBSIM_REDDIT_USERNAME).")
  private String username;

  @Option(names = "--password", defaultValue = "${env:SUBSIM_REDDIT_PASSWORD}", paramLabel = "PASSWORD",
      description = "Reddit password (default: $SUBSIM_REDDIT_PASSWORD).")
  private String password;

  @Option(names = "--reddit-url", paramLabel = "URL",
      description = "A Reddit-compatible server instead of reddit.com, e.g. the sandbox http://127.0.0.1:8081.")
  private String redditUrl;

  @Option(names = "--from-dump", arity = "1..*", paramLabel = "FILE",
      description = "Import offline dumps instead of reading Reddit: Pushshift JSON Lines (.jsonl), CSV exports such as "
          + "BigQuery's (.csv), raw API responses (.json).")
  private List<Path> dumps = new ArrayList<>();

  @Override
  public Integer call() {
    if (!SUBREDDIT_NAME.matcher(subreddit).matches()) {
      throw new IllegalArgumentException("SUBREDDIT: '" + subreddit + "' is not a subreddit name (letters, digits"
          + " and _, without r/)");
    }
    Path comments = commentsOut != null ? commentsOut : CollectOptions.sibling(out, ".comments.jsonl");
    if (comments.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--comments-out: the posts go to " + out + "; give comments a file of their"
          + " own");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    return dumps.isEmpty() ? collect(stdout, comments) : importDumps(stdout, comments);
  }

  private int collect(PrintWriter stdout, Path comments) {
    Set<String> botNames = new HashSet<>(bots);
    if (username != null) {
      botNames.add(username); // never train on our own output; a missing one is named by the account below
    }
    // Built before the account and the session: a bad --sort, --time or --since is named first, before any request.
    CollectOptions options = new CollectOptions(subreddit, out, comments, CollectOptions.sibling(out, ".collect-state"),
        parse(ListingSort.class, sort, "--sort"), parse(TimeWindow.class, time, "--time"), limit, commentsPerPost, since, includeNsfw, botNames, 100);
    if (spec.commandLine().getParseResult().hasMatchedOption("--time") && options.sort() != ListingSort.TOP) {
      throw new IllegalArgumentException("--time: only the top listing has a time window (Reddit ignores it for "
          + options.sort().path() + "); add --sort top or leave --time out");
    }
    RedditAccount account = new RedditAccount(clientId, clientSecret, username, password);
    RedditEndpoints endpoints = redditUrl == null ? RedditEndpoints.live() : RedditEndpoints.sandbox(redditUrl);
    try (RedditSession session = RedditSession.connect(
        account, endpoints, RedditClientOptions.defaults().withRequestsPerMinute(requestsPerMinute))) {
      Collector.Result result = new Collector(session.reader(subreddit), options, line -> {
        stdout.println(line);
        stdout.flush();
      }).run();
      stdout.printf("collected %d posts and %d comments into %s and %s%s%n", result.posts(), result.comments(),
          options.postsFile(), options.commentsFile(),
          result.listingFinished() ? "" : " (stopped at --limit; run again to continue)");
    }
    return 0;
  }

  private int importDumps(PrintWriter stdout, Path comments) {
    for (String online : List.of("--sort", "--time", "--limit", "--comments-per-post", "--since",
        "--requests-per-minute", "--reddit-url")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(online)) {
        throw new IllegalArgumentException(online + ": only for reading Reddit, not with --from-dump");
      }
    }
    Set<String> botNames = new HashSet<>(bots);
    if (username != null && !username.isBlank()) {
      botNames.add(username);  // as online: never train on our own output
    }
    DumpImporter.Result result = new DumpImporter(subreddit, out, comments, includeNsfw, botNames, line -> {
      stdout.println(line);
      stdout.flush();
    }).run(dumps);
    stdout.printf("imported %d posts and %d comments into %s and %s; skipped %d%s; %d bad lines%n", result.posts(),
        result.comments(), out, comments, result.skippedTotal(), reasons(result.skipped()), result.problemCount());
    result.problems().stream().limit(PROBLEMS_SHOWN).forEach(p -> stdout.println("  " + p));
    if (result.problemCount() > PROBLEMS_SHOWN) {
      stdout.println("  ... and " + (result.problemCount() - PROBLEMS_SHOWN) + " more");
    }
    stdout.flush();
    if (result.posts() + result.comments() + result.skippedTotal() == 0 && result.problemCount() > 0) {
      throw new IllegalArgumentException("nothing imported: every record of " + dumps + " was bad (listed above)");
    }
    return 0;
  }

  private static String reasons(Map<String, Integer> skipped) {
    return skipped.isEmpty() ? "" : skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
    try {
      return Enum.valueOf(type, value.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": unknown value '" + value + "'");
    }
  }
}
