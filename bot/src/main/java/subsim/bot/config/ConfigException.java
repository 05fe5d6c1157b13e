package subsim.bot.config;

import java.util.List;

/** Thrown when a configuration file has problems; carries every one of them, not just the first. */
public final class ConfigException extends RuntimeException {

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** One line per error after a count, so a report shows them all at once. */
  private static String summary(List<ConfigError> errors) {
    StringBuilder text = new StringBuilder(errors.size() == 1 ? "1 configuration error" : errors.size() + " configuration errors");
    errors.forEach(e -> text.append("\n  ").append(e));
    return text.toString();
  }
}
