package subsim.bot.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** The problems found while reading one configuration file, in file order. */
public final class ConfigProblems {

  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  ConfigProblems(String file) {
    this.file = file;
  }

  /** Records a problem at {@code node}'s line (SnakeYAML counts lines from 0). */
  public void add(Node node, String path, String message) {
    int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    errors.add(new ConfigError(file, line, path, message));
  }

  void add(int line, String path, String message) {
    errors.add(new ConfigError(file, line, path, message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws every problem together, sorted by line. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(errors);
      sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
      throw new ConfigException(sorted);
    }
  }
}
