package subsim.keywords.reddit;

import java.nio.file.Path;

/**
 * One record that could not be imported, and where it is.
 *
 * @param file the file
 * @param line the 1-based line where the record starts
 * @param message what is wrong
 */
public record ImportProblem(Path file, long line, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
