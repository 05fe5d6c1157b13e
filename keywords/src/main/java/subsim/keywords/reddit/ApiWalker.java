package subsim.keywords.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * Walks a raw Reddit API response (listing, comment page with nested replies, morechildren answer) and hands every
 * post ({@code t3}) and comment ({@code t1}) to the parser. Problems name the line the record starts on and its
 * JSON path, as most such files are one line long.
 */
final class ApiWalker {

  private final RecordParser parser;
  private final Path file;
  private final ToLongFunction<JsonNode> lineOf;

  ApiWalker(RecordParser parser, Path file, ToLongFunction<JsonNode> lineOf) {
    this.parser = parser;
    this.file = file;
    this.lineOf = lineOf;
  }

  void visit(JsonNode node, String path) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        visit(node.get(i), path + "[" + i + "]");
      }
    } else if (node.has("kind")) {
      thing(node, path);
    } else if (node.has("json")) {
      morechildren(node.get("json"), path + ".json");
    } else {
      parser.problem(file, lineOf.applyAsLong(node), at(path) + "not a Reddit listing, comment page or morechildren response");
    }
  }

  private void thing(JsonNode node, String path) {
    String kind = node.path("kind").asText();
    JsonNode data = node.path("data");
    switch (kind) {
      case "Listing" -> visit(data.path("children"), path + ".data.children");
      case "t3" -> parser.post(data, file, lineOf.applyAsLong(node), at(path));
      case "t1" -> {
        parser.comment(data, file, lineOf.applyAsLong(node), at(path));
        // A comment page nests replies as a Listing; a leaf has "" instead.
        if (data.path("replies").isObject()) {
          visit(data.get("replies"), path + ".data.replies");
        }
      }
      case "more" -> parser.skip("unexpanded \"more\" stub");
      default -> parser.skip("thing of kind " + kind);
    }
  }

  private void morechildren(JsonNode answer, String path) {
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      parser.problem(file, lineOf.applyAsLong(answer), at(path) + "Reddit reported errors: " + errors);
    }
    visit(answer.path("data").path("things"), path + ".data.things");
  }

  private static String at(String path) {
    return (path.isEmpty() ? "$" : path) + ": ";
  }
}
