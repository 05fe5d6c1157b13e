package subsim.bot.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML configuration into {@link SubsimConfig} and validates it in one pass. SnakeYAML's node tree is
 * used (not a data binder) because every node keeps its line, and reading it by hand lets all problems be
 * collected and reported together instead of stopping at the first.
 */
public final class ConfigLoader {

  private final UnaryOperator<String> env;
  private final Path baseDir;

  /** {@code env} resolves {@code ${VAR}} references; relative paths are resolved against {@code baseDir}. */
  public ConfigLoader(UnaryOperator<String> env, Path baseDir) {
    this.env = env;
    this.baseDir = baseDir;
  }

  /** A loader for the running service: the process environment and the working directory. */
  public static ConfigLoader forService() {
    return new ConfigLoader(System::getenv, Path.of(""));
  }

  public SubsimConfig load(Path file) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw new IOException("a folder, not a file");
      }
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(java.util.List.of(new ConfigError(file.toString(), 0, "", "cannot read the configuration: "
          + why(e))));
    }
    return parse(text, file.toString());
  }

  /** An I/O failure in words, not as a Java class name. */
  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Parses {@code text}; {@code name} is the file name errors are reported against. */
  public SubsimConfig parse(String text, String name) {
    ConfigProblems problems = new ConfigProblems(name);
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // ConfigNode reports duplicates with the others
      root = new Yaml(options).compose(new StringReader(text));
    } catch (YAMLException e) {
      problems.add(lineOf(e, text), "", "not valid YAML: " + problemOf(e, text));
      problems.throwIfAny();
      throw new IllegalStateException(e);
    }
    if (root == null) {
      problems.add(1, "", "the configuration is empty");
      problems.throwIfAny();
    }
    SubsimConfig config = SubsimConfig.read(new ConfigNode(root, "", problems, env, baseDir));
    problems.throwIfAny();
    return config;
  }

  /** The 1-based line SnakeYAML's complaint is about; 0 when it names no position (too many aliases). */
  private static int lineOf(YAMLException e, String text) {
    if (e instanceof MarkedYAMLException marked) {
      return marked.getProblemMark().getLine() + 1;
    }
    // A control character (NUL, BEL): SnakeYAML gives its offset in the text, not a line.
    return e instanceof ReaderException control ? lineAt(text, control.getPosition()) : 0;
  }

  private static String problemOf(YAMLException e, String text) {
    if (e instanceof MarkedYAMLException marked) {
      return marked.getProblem() + quoteHint(text.lines().skip(marked.getProblemMark().getLine()).findFirst());
    }
    if (e instanceof ReaderException control) {
      return "character U+" + String.format("%04X", control.getCodePoint()) + " is not allowed in YAML";
    }
    return e.getMessage();
  }

  /** The 1-based line holding the character at {@code offset}. */
  private static int lineAt(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * A hint for a line holding an environment reference: inside a flow mapping the brace of an unquoted
   * {@code ${VAR}} opens a nested mapping, and SnakeYAML's complaint ("expected ',' or '}'") does not say so.
   */
  private static String quoteHint(Optional<String> line) {
    if (line.isEmpty() || !line.get().contains("${")) {
      return "";
    }
    Matcher reference = ConfigNode.ENV_REFERENCE.matcher(line.get());
    return " (inside {...}, quote it: \"" + (reference.find() ? reference.group() : "${ENV_VAR}") + "\")";
  }
}
