package subsim.keywords.reddit;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A JSON document read as a tree that remembers the line each object starts on, which Jackson's trees do not, so
 * that a bad record in a pretty-printed API response is reported at its line.
 */
final class NumberedJson {

  /** Reads the scalars; the document's end is checked here, not value by value. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<JsonNode, Long> lines = new IdentityHashMap<>();
  private final JsonNode root;

  private NumberedJson(Reader reader) throws IOException {
    try (JsonParser parser = MAPPER.createParser(reader)) {
      if (parser.nextToken() == null) {
        throw new JsonParseException(parser, "the file is empty");
      }
      root = node(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more than one JSON value in the file");
      }
    }
  }

  static NumberedJson read(Reader reader) throws IOException {
    return new NumberedJson(reader);
  }

  JsonNode root() {
    return root;
  }

  /** The line {@code node} (an object of this document) starts on; 1 for anything else. */
  long lineOf(JsonNode node) {
    return lines.getOrDefault(node, 1L);
  }

  private JsonNode node(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = MAPPER.createObjectNode();
      lines.put(object, (long) parser.currentTokenLocation().getLineNr());
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        object.set(name, node(parser));
      }
      return object;
    }
    if (token == JsonToken.START_ARRAY) {
      ArrayNode array = MAPPER.createArrayNode();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(node(parser));
      }
      return array;
    }
    return MAPPER.readTree(parser); // a string, number, boolean or null
  }
}
