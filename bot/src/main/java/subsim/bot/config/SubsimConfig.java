package subsim.bot.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import subsim.bot.config.ConfigNode.PathCheck;
import subsim.keywords.reddit.RedditImporter;

/**
 * The whole service configuration, one typed tree read from YAML by {@link ConfigLoader}.
 *
 * @param database the SQLite file
 * @param modelsDir where trained models live (one folder per bot)
 * @param dataDir where the service keeps what it collects for bots with {@code data.collect} settings
 * @param label the synthetic label put in every post and comment; {@code {model}} and {@code {subreddit}} are filled in
 */
public record SubsimConfig(
    Path database, Path modelsDir, Path dataDir, WebConfig web, RedditConfig reddit, boolean metrics,
    String label, List<BotConfig> bots) {

  static final String DEFAULT_LABEL =
      "*This is a synthetic post, written by a GPT-2 bot ({model}) fine-tuned on r/{subreddit}. No human wrote it.*";

  public SubsimConfig {
    bots = List.copyOf(bots);
  }

  public Optional<BotConfig> bot(String name) {
    return bots.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  static SubsimConfig read(ConfigNode root) {
    Path database = root.path("database", "var/subsim.db", PathCheck.EXISTING_OR_CREATABLE);
    if (Files.isDirectory(database)) {
      root.error("database", "is a folder (" + database.toAbsolutePath() + "); expected the SQLite file's path");
    }
    Path models = folder(root, "models_dir", "var/models");
    Path data = folder(root, "data_dir", "var/data");
    ConfigNode webNode = root.mapping("web");
    WebConfig web = WebConfig.read(webNode);
    ConfigNode redditNode = root.mapping("reddit");
    RedditConfig reddit = RedditConfig.read(redditNode);
    // Port 0 lets each server pick a free port; any other shared port makes the second one fail at start. The
    // error goes where the file sets the port, not to a default the user never wrote.
    if (reddit.mode() == RedditConfig.Mode.SANDBOX && web.port() != 0 && web.port() == reddit.sandboxPort()) {
      String message = "web.port and reddit.sandbox_port are both " + web.port() + ": the web pages and the sandbox"
          + " Reddit need a port each";
      if (redditNode.has("sandbox_port")) {
        redditNode.error("sandbox_port", message);
      } else {
        webNode.error("port", message);
      }
    }
    ConfigNode metricsNode = root.mapping("metrics");
    boolean metrics = metricsNode.bool("enabled", true);
    metricsNode.rejectUnknownKeys();
    String label = root.string("label", DEFAULT_LABEL);
    if (label.isBlank()) {
      root.error("label", "the synthetic label cannot be empty: every post and comment must say it is synthetic");
    }
    List<ConfigNode> botNodes = root.mappings("bots");
    List<BotConfig> bots = botNodes.stream().map(b -> BotConfig.read(b, reddit.mode())).toList();
    if (bots.isEmpty()) {
      root.error("bots", "at least one bot is required");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < bots.size(); i++) {
      if (!names.add(bots.get(i).name())) {
        botNodes.get(i).error("name", "another bot already has the name '" + bots.get(i).name() + "'");
      }
    }
    root.rejectUnknownKeys();
    return new SubsimConfig(database, models, data, web, reddit, metrics, label, bots);
  }

  /** A folder the service creates and writes under; a file there passes the path check but fails every job. */
  private static Path folder(ConfigNode root, String key, String fallback) {
    Path folder = root.path(key, fallback, PathCheck.EXISTING_OR_CREATABLE);
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      root.error(key, "not a folder: " + folder.toAbsolutePath());
    }
    return folder;
  }

  /** Where the service's web pages listen. */
  public record WebConfig(String host, int port) {

    /** A wildcard, loopback or local address: one a server socket can bind (checked without binding a port). */
    private static boolean listenable(String host) {
      if (host.isBlank()) {
        return false;
      }
      try {
        InetAddress address = InetAddress.getByName(host);
        return address.isAnyLocalAddress() || address.isLoopbackAddress()
            || NetworkInterface.getByInetAddress(address) != null;
      } catch (IOException e) {
        return false;
      }
    }

    static WebConfig read(ConfigNode node) {
      WebConfig web = new WebConfig(node.string("host", "127.0.0.1"), node.integer("port", 8080, 0, 65535));
      if (!listenable(web.host())) {
        node.error("host", "'" + web.host() + "' is not an address of this machine to serve the pages on"
            + " (127.0.0.1, 0.0.0.0 for every interface, or this machine's own address)");
      }
      node.rejectUnknownKeys();
      return web;
    }
  }

  /**
   * How the service reaches Reddit: the real site, or the sandbox it serves itself on {@code sandboxPort}.
   *
   * @param sandboxSeed JSON Lines files of posts and comments (the shared data's format) put into the sandbox at start,
   *     so that {@code data.collect} and {@code subsim collect} find a subreddit there; sandbox mode only
   */
  public record RedditConfig(Mode mode, String oauthUrl, String redditUrl, String userAgent, int sandboxPort,
      List<Path> sandboxSeed) {

    /** Live Reddit, or the local Reddit-compatible sandbox. */
    public enum Mode { LIVE, SANDBOX }

    public RedditConfig {
      sandboxSeed = List.copyOf(sandboxSeed);
    }

    static RedditConfig read(ConfigNode node) {
      RedditConfig reddit = new RedditConfig(
          node.choice("mode", Mode.SANDBOX),
          node.string("oauth_url", "https://oauth.reddit.com"),
          node.string("reddit_url", "https://www.reddit.com"),
          node.string("user_agent", "java:dev.subsim:0.1.0 (by /u/subsim)"),
          node.integer("sandbox_port", 8081, 0, 65535),
          node.paths("sandbox_seed", PathCheck.READABLE_FILE));
      if (reddit.mode() == Mode.LIVE && node.has("sandbox_seed")) {
        node.error("sandbox_seed", "only the sandbox can be seeded: remove it or set mode: sandbox");
      }
      for (Path seed : reddit.sandboxSeed()) {
        if (!RedditImporter.reads(seed)) {
          node.error("sandbox_seed", seed + " is not Reddit data the importer reads (.jsonl, .ndjson, .csv or .json)");
        }
      }
      if (reddit.userAgent().isBlank()) {
        node.error("user_agent", "must not be empty: Reddit refuses requests without one (leave the key out for the default)");
      }
      for (String key : List.of("oauth_url", "reddit_url")) {
        String url = node.string(key, "https://");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          node.error(key, "expected an http(s) URL, got '" + url + "'");
        } else if (reddit.mode() == Mode.LIVE && url.startsWith("http://")) {
          node.error(key, "live mode sends the account's password and client secret: expected an https:// URL, got '"
              + url + "'");
        }
      }
      node.rejectUnknownKeys();
      return reddit;
    }
  }
}
