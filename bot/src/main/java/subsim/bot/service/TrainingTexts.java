package subsim.bot.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The texts of a bot's training data (titles, self-texts, comment bodies), for the near-copy filter. */
final class TrainingTexts {

  private TrainingTexts() {}

  /** Reads the JSON Lines files; lines that are not JSON objects are skipped (the importer reports them). */
  static List<String> read(List<Path> files) {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          JsonNode node;
          try {
            node = json.readTree(line);
          } catch (IOException e) {
            continue;
          }
          for (String field : List.of("title", "selftext", "body")) {
            if (node != null && node.path(field).isTextual() && !node.path(field).asText().isBlank()) {
              texts.add(node.path(field).asText());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return texts;
  }
}
