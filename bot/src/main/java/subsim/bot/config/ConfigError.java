package subsim.bot.config;

/** One problem in a configuration file: where it is (file, line, key path) and what is wrong. */
public record ConfigError(String file, int line, String path, String message) {

  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : file;
    return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
  }
}
