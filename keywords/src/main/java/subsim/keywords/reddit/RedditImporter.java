package subsim.keywords.reddit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads real Reddit data: JSON Lines of posts and comments ({@code .jsonl}), CSV with a header ({@code .csv}), and
 * raw API responses ({@code .json}: a listing, a comment page, or a morechildren answer).
 *
 * <p>A bad record is reported with its file and line and the rest of the file is still imported; deleted, removed,
 * over-18 (unless asked to keep them) and duplicate records are skipped and counted by reason. Text has
 * {@code &amp;}, {@code &lt;} and {@code &gt;} decoded. Authors are read but not judged: that is the caller's rule.
 *
 * <p>{@link #read} gathers whole files into one result; {@link #stream} hands records over one at a time, for dumps
 * too big to hold.
 */
public final class RedditImporter {

  // Trailing tokens fail a line: two records run together (a dump concatenated without a newline) are reported.
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final CsvMapper csv = new CsvMapper();
  private final boolean keepOver18;

  /** An importer that skips over_18 (NSFW) posts. */
  public RedditImporter() {
    this(false);
  }

  /** @param keepOver18 keep over_18 (NSFW) posts, marked by {@link RedditPost#over18()}, instead of skipping them */
  public RedditImporter(boolean keepOver18) {
    this.keepOver18 = keepOver18;
  }

  /** Imports the files in order into one result. */
  public ImportResult read(List<Path> files) {
    ResultCollector collector = new ResultCollector();
    for (Path file : files) {
      stream(file, collector);
    }
    return collector.result();
  }

  public ImportResult read(Path file) {
    return read(List.of(file));
  }

  /** Whether {@code file}'s name is of a kind {@link #stream} reads: JSON Lines, CSV or an API response's JSON. */
  public static boolean reads(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Stream.of(".jsonl", ".ndjson", ".csv", ".json").anyMatch(name::endsWith);
  }

  /**
   * Hands {@code file}'s records to {@code sink} in file order, as they are read: JSON Lines line by line, CSV row by
   * row, so memory stays flat however big the file. A {@code .json} API response is one document and is read whole.
   * Unlike {@link #read}, repeated ids are passed on: remembering every id is the sink's choice.
   */
  public void stream(Path file, ImportSink sink) {
    if (!reads(file)) {
      throw new IllegalArgumentException(file + ": unknown kind of file (expected .jsonl, .csv or .json)");
    }
    RecordParser parser = new RecordParser(sink, keepOver18);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        readJsonLines(file, parser);
      } else if (name.endsWith(".csv")) {
        readCsv(file, parser);
      } else {
        readApiJson(file, parser);
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void readJsonLines(Path file, RecordParser parser) throws IOException {
    try (BufferedReader reader = openText(file)) {
      long lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          parser.record(json.readTree(line), file, lineNumber, "");
        } catch (JsonProcessingException e) {
          parser.problem(file, lineNumber, "not JSON: " + e.getOriginalMessage());
        }
      }
    }
  }

  private void readCsv(Path file, RecordParser parser) throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    try (BufferedReader reader = openText(file)) {
      MappingIterator<Map<String, String>> rows;
      CsvSchema header;
      try {
        rows = csv.readerForMapOf(String.class).with(schema).with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(reader);
        header = (CsvSchema) rows.getParser().getSchema();
      } catch (RuntimeException | IOException e) {
        parser.problem(file, 1, "bad CSV header: " + firstLine(e.getMessage()));
        return;
      }
      if (header.column("title") == null && header.column("body") == null) {
        parser.problem(file, 1, "CSV header has neither a \"title\" nor a \"body\" column");
        return;
      }
      readCsvRows(file, rows, parser);
    }
  }

  private void readCsvRows(Path file, MappingIterator<Map<String, String>> rows, RecordParser parser)
      throws IOException {
    try (rows) {
      long line = 2;
      while (true) {
        Map<String, String> row = null;
        try {
          if (!rows.hasNextValue()) {
            break;
          }
          // The row's first token: where it starts, even when a row before it failed half-way.
          line = rows.getParser().currentLocation().getLineNr();
          row = rows.nextValue();
        } catch (RuntimeException | IOException e) {
          parser.problem(file, line, "bad CSV row: " + firstLine(e.getMessage()));
        }
        // Outside the try: a failure of the sink (e.g. a full disk) is not a bad row.
        if (row != null) {
          ObjectNode node = json.valueToTree(row);
          parser.record(node, file, line, "");
        }
        line = rows.getCurrentLocation().getLineNr();
      }
    }
  }

  /**
   * UTF-8 text without a leading byte-order mark (spreadsheets write one); a byte that is not UTF-8 becomes U+FFFD
   * instead of ending the import of every file.
   */
  private static BufferedReader openText(Path file) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8));
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }

  private void readApiJson(Path file, RecordParser parser) throws IOException {
    NumberedJson document;
    try (BufferedReader reader = openText(file)) {
      document = NumberedJson.read(reader);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      parser.problem(file, line, "not JSON: " + e.getOriginalMessage());
      return;
    }
    new ApiWalker(parser, file, document::lineOf).visit(document.root(), "");
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
