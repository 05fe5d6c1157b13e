package subsim.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Refuses a file the store must not touch, before anything writes to it: not SQLite, not ours, or
 * migrated by newer code. Opening in WAL mode rewrites the header, so these checks read the file only.
 */
final class SchemaGuard {

  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaGuard() {}

  static void check(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new DatabaseException(file + ": not a regular file, cannot hold a database");
    }
    try {
      if (Files.size(file) == 0) {
        return;
      }
      checkHeader(file);
      checkSchema(file);
    } catch (IOException e) {
      throw new DatabaseException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void checkHeader(Path file) throws IOException {
    byte[] header;
    try (InputStream in = Files.newInputStream(file)) {
      header = in.readNBytes(SQLITE_HEADER.length);
    }
    if (!Arrays.equals(header, SQLITE_HEADER)) {
      throw new DatabaseException(file + ": not an SQLite database (no SQLite header); the file was left untouched");
    }
  }

  private static void checkSchema(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    SQLiteDataSource readOnly = new SQLiteDataSource(config);
    readOnly.setUrl("jdbc:sqlite:" + file);
    try (Connection connection = readOnly.getConnection()) {
      boolean hasHistory = hasTable(connection, HISTORY_TABLE);
      if (!hasHistory && hasAnyTable(connection)) {
        throw new DatabaseException(file + ": an SQLite database with tables but no subsim schema history;"
            + " not a subsim database, left untouched");
      }
      if (hasHistory) {
        refuseFutureVersions(file, readOnly);
      }
    } catch (SQLException e) {
      throw new DatabaseException(file + ": cannot read as SQLite: " + e.getMessage(), e);
    }
  }

  private static void refuseFutureVersions(Path file, SQLiteDataSource readOnly) {
    // Past the newest version known it is FUTURE; below it (a store migration V6 beside the sandbox's V100) Flyway
    // calls it MISSING: applied to the file, unknown to this code, newer either way.
    MigrationInfo[] future = Arrays.stream(Migrations.flyway(readOnly).info().all())
        .filter(info -> switch (info.getState()) {
          case FUTURE_SUCCESS, FUTURE_FAILED, MISSING_SUCCESS, MISSING_FAILED -> true;
          default -> false;
        })
        .toArray(MigrationInfo[]::new);
    if (future.length > 0) {
      String versions = Arrays.stream(future)
          .map(info -> info.getVersion().getVersion())
          .collect(Collectors.joining(", "));
      throw new DatabaseException(file + ": schema version " + versions
          + " is newer than this subsim knows; upgrade subsim to open it (the file was left untouched)");
    }
  }

  private static boolean hasTable(Connection connection, String name) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
      return tables.next();
    }
  }

  private static boolean hasAnyTable(Connection connection) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      return tables.next();
    }
  }
}
