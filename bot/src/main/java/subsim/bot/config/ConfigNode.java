package subsim.bot.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping being read into a record: typed getters that record every problem (with key path and
 * line) in a shared {@link ConfigProblems} instead of throwing, so one pass reports all errors.
 */
public final class ConfigNode {

  static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** What a path must be for the service to start. */
  public enum PathCheck { READABLE_FILE, READABLE_DIRECTORY, EXISTING_OR_CREATABLE }

  private final Node node;
  /** Where problems of this mapping are reported: the mapping, or for an absent one the nearest present parent. */
  private final Node lineNode;
  private final String path;
  private final ConfigProblems problems;
  private final UnaryOperator<String> env;
  private final Path baseDir;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();
  private final Set<String> reportedEmpty = new TreeSet<>();

  ConfigNode(Node node, String path, ConfigProblems problems, UnaryOperator<String> env, Path baseDir) {
    this(node, path, problems, env, baseDir, node);
  }

  private ConfigNode(Node node, String path, ConfigProblems problems, UnaryOperator<String> env, Path baseDir,
      Node lineNode) {
    this.node = node;
    this.lineNode = lineNode;
    this.path = path;
    this.problems = problems;
    this.env = env;
    this.baseDir = baseDir;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        if (key == null) {
          problems.add(tuple.getKeyNode(), path, "keys must be plain names");
        } else if (tuple.getKeyNode().getTag() == Tag.MERGE) {
          problems.add(tuple.getKeyNode(), path, "YAML merge keys (<<) are not supported: write the keys out");
        } else if (entries.putIfAbsent(key, tuple) != null) {
          problems.add(tuple.getKeyNode(), child(key), "duplicate key");
        }
      }
    } else if (node != null && !isNull(node)) {
      problems.add(node, path, "expected a mapping of keys to values");
    }
  }

  public String path() {
    return path;
  }

  public ConfigProblems problems() {
    return problems;
  }

  /** Whether {@code key} is given a value; one written with none ({@code base:}) is reported, not taken as absent. */
  public boolean has(String key) {
    Node value = valueNode(key);
    if (value != null && isNull(value) && !reportedEmpty.contains(key)) {
      reportedEmpty.add(key);
      problems.add(value, child(key), "has no value: give one or leave the key out");
    }
    return value != null && !isNull(value);
  }

  /** A required text value. */
  public String string(String key) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty() && !entries.containsKey(key)) {
      problems.add(lineNode, child(key), "is required");
    } else if (value.isEmpty() || value.get().isBlank()) {
      problems.add(valueNode(key), child(key), "must not be empty");
    }
    return value.orElse("");
  }

  public String string(String key, String fallback) {
    return optionalString(key).orElse(fallback);
  }

  public Optional<String> optionalString(String key) {
    Node value = valueNode(key);
    if (value == null || isNull(value)) {
      return Optional.empty();
    }
    if (value instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    problems.add(value, child(key), "expected a single value, not a list or mapping");
    return Optional.empty();
  }

  public int integer(String key, int fallback, int min, int max) {
    return (int) number(key, fallback, min, max, true);
  }

  public double decimal(String key, double fallback, double min, double max) {
    return number(key, fallback, min, max, false);
  }

  private double number(String key, double fallback, double min, double max, boolean whole) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return fallback;
    }
    double value;
    try {
      value = whole ? Long.parseLong(text.get().trim()) : Double.parseDouble(text.get().trim());
    } catch (NumberFormatException e) {
      problems.add(valueNode(key), child(key), (whole ? "expected a whole number" : "expected a number") + ", got '" + text.get() + "'");
      return fallback;
    }
    if (value < min || value > max || Double.isNaN(value)) {
      problems.add(valueNode(key), child(key), "must be between " + format(min) + " and " + format(max) + ", got " + text.get());
      return fallback;
    }
    return value;
  }

  public boolean bool(String key, boolean fallback) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return fallback;
    }
    return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        problems.add(valueNode(key), child(key), "expected true or false, got '" + text.get() + "'");
        yield fallback;
      }
    };
  }

  /** One of a fixed set of words, e.g. {@code live | sandbox}. */
  public <E extends Enum<E>> E choice(String key, E fallback) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return fallback;
    }
    for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.get().trim())) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    problems.add(valueNode(key), child(key), "expected one of " + String.join(", ", names) + ", got '" + text.get() + "'");
    return fallback;
  }

  /**
   * A nested mapping; absent gives an empty one, so its fields take their defaults, and its problems ("is
   * required") are reported at this mapping's line.
   */
  public ConfigNode mapping(String key) {
    Node value = valueNode(key);
    return new ConfigNode(value, child(key), problems, env, baseDir, value == null ? lineNode : value);
  }

  /** A list of mappings, each with its index in the path ({@code bots[1]}). */
  public List<ConfigNode> mappings(String key) {
    List<ConfigNode> result = new ArrayList<>();
    List<Node> items = sequence(key);
    for (int i = 0; i < items.size(); i++) {
      result.add(new ConfigNode(items.get(i), child(key) + "[" + i + "]", problems, env, baseDir));
    }
    return result;
  }

  public List<String> strings(String key) {
    List<String> result = new ArrayList<>();
    List<Node> items = sequence(key);
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof ScalarNode scalar) {
        result.add(scalar.getValue());
      } else {
        problems.add(items.get(i), child(key) + "[" + i + "]", "expected a single value");
      }
    }
    return result;
  }

  private List<Node> sequence(String key) {
    Node value = valueNode(key);
    if (value == null || isNull(value)) {
      return List.of();
    }
    if (value instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    problems.add(value, child(key), "expected a list");
    return List.of();
  }

  /** A Quartz cron expression (seconds first, e.g. {@code 0 0/10 * * * ?}), checked by Quartz itself. */
  public Optional<String> cron(String key, boolean required) {
    Optional<String> text = required ? Optional.of(string(key)).filter(s -> !s.isBlank()) : optionalString(key);
    text.ifPresent(expression -> {
      try {
        if (new CronExpression(expression).getNextValidTimeAfter(new Date()) == null) {
          problems.add(valueNode(key), child(key), "cron expression '" + expression + "' never fires from now on");
        }
      } catch (ParseException e) {
        // Quartz's own message for a crontab line ("Unexpected end of expression.") does not say what is missing.
        String hint = expression.trim().split("\\s+").length == 5
            ? " (5 fields, as in a Unix crontab: Quartz wants 6 or 7, seconds first; e.g. 0 0/2 * * * ? is every"
                + " two minutes)"
            : "";
        // Quartz appends the Java exception it caught to some messages: "(java.lang.StringIndexOutOfBounds...)".
        String why = String.valueOf(e.getMessage()).replaceFirst(" \\(java\\.[^)]*\\)$", "");
        problems.add(valueNode(key), child(key), "bad cron expression '" + expression + "': " + why + hint);
      }
    });
    return text;
  }

  /** A path (a relative one is resolved against the base folder) that must pass {@code check}. */
  public Path path(String key, String fallback, PathCheck check) {
    String text = fallback == null ? string(key) : string(key, fallback);
    if (fallback != null && text.isBlank()) {
      problems.add(valueNode(key), child(key), "must not be empty (leave the key out for " + fallback + ")");
    }
    return checkedPath(text, valueNode(key), child(key), check);
  }

  /** A list of paths, each checked. */
  public List<Path> paths(String key, PathCheck check) {
    List<Path> result = new ArrayList<>();
    List<Node> items = sequence(key);
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
        problems.add(scalar, child(key) + "[" + i + "]", "must not be empty");
      } else if (items.get(i) instanceof ScalarNode scalar) {
        result.add(checkedPath(scalar.getValue(), scalar, child(key) + "[" + i + "]", check));
      } else {
        problems.add(items.get(i), child(key) + "[" + i + "]", "expected a path");
      }
    }
    return result;
  }

  private Path checkedPath(String text, Node at, String where, PathCheck check) {
    Path file;
    try {
      file = baseDir.resolve(text.isBlank() ? "." : text).normalize();
    } catch (InvalidPathException e) {
      problems.add(at, where, "not a valid path: " + e.getMessage());
      return Path.of(".");
    }
    String problem = switch (check) {
      case READABLE_FILE -> Files.isRegularFile(file) && Files.isReadable(file) ? null : "cannot read file " + file.toAbsolutePath();
      case READABLE_DIRECTORY -> Files.isDirectory(file) && Files.isReadable(file) ? null : "cannot read folder " + file.toAbsolutePath();
      case EXISTING_OR_CREATABLE -> creatable(file) ? null : "cannot create or write " + file.toAbsolutePath();
    };
    // A blank path was reported where it was read; "." would only add a confusing second problem.
    if (problem != null && !text.isBlank()) {
      problems.add(at, where, problem);
    }
    return file;
  }

  /** True when the path exists and is writable, or its nearest existing ancestor is a writable folder. */
  private static boolean creatable(Path file) {
    Path probe = file.toAbsolutePath();
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    return probe != null && Files.isWritable(probe) && (Files.isDirectory(probe) || probe.equals(file.toAbsolutePath()));
  }

  /**
   * A credential: {@code ${ENV_VAR}} reads the environment, {@code file: PATH} reads a file's first line, and
   * anything else is taken literally (allowed only where {@code literalAllowed}, i.e. the sandbox).
   */
  public Optional<Secret> secret(String key, boolean literalAllowed) {
    Node at = valueNode(key);
    if (at instanceof MappingNode) {
      ConfigNode reference = mapping(key);
      Path file = reference.path("file", null, PathCheck.READABLE_FILE);
      reference.rejectUnknownKeys();
      return readSecretFile(file, at, child(key));
    }
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      problems.add(at != null ? at : lineNode, child(key), "is required");
      return Optional.empty();
    }
    Matcher reference = ENV_REFERENCE.matcher(text.get().trim());
    if (reference.matches()) {
      String value = env.apply(reference.group(1));
      if (value == null || value.isEmpty()) {
        problems.add(at, child(key), "environment variable " + reference.group(1) + (value == null ? " is not set" : " is empty"));
        return Optional.empty();
      }
      return Optional.of(new Secret(value, "env:" + reference.group(1)));
    }
    if (!literalAllowed) {
      problems.add(at, child(key), "give secrets as ${ENV_VAR} or {file: PATH}, not in the configuration itself");
      return Optional.empty();
    }
    return Optional.of(new Secret(text.get(), "config"));
  }

  private Optional<Secret> readSecretFile(Path file, Node at, String where) {
    try {
      String first = Files.readString(file).lines().findFirst().orElse("").trim();
      if (first.isEmpty()) {
        problems.add(at, where, "secret file " + file + " is empty");
        return Optional.empty();
      }
      return Optional.of(new Secret(first, "file:" + file));
    } catch (CharacterCodingException e) {
      problems.add(at, where, "secret file " + file + " is not UTF-8 text");
      return Optional.empty();
    } catch (IOException e) {
      if (Files.isRegularFile(file) && Files.isReadable(file)) {
        problems.add(at, where, "cannot read secret file " + file + ": " + e.getMessage());
      }
      return Optional.empty(); // otherwise the path check above has reported it
    }
  }

  /** Records an error about the value at {@code key} (or this mapping when the key is absent). */
  public void error(String key, String message) {
    Node value = valueNode(key);
    problems.add(value != null ? value : lineNode, child(key), message);
  }

  /** Reports every key that no getter asked for: misspellings must not be ignored silently. */
  public void rejectUnknownKeys() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!read.contains(entry.getKey())) {
        problems.add(entry.getValue().getKeyNode(), child(entry.getKey()), "unknown key");
      }
    }
  }

  Node valueNode(String key) {
    read.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
