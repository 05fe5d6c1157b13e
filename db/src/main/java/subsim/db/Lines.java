package subsim.db;

import java.util.List;

/** Lists of one-line strings kept in one TEXT column, one entry per line. */
final class Lines {

  private Lines() {}

  static String join(List<String> entries) {
    return String.join("\n", entries);
  }

  static List<String> split(String column) {
    return column.isEmpty() ? List.of() : List.of(column.split("\n", -1));
  }
}
