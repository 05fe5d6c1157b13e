package subsim.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteDataSource;

/**
 * The subsim store: one SQLite file in WAL mode, migrated on open, shared by scheduler threads and web
 * requests. Every call takes its own connection, so the object is safe to use from any thread.
 */
public final class Database implements AutoCloseable {

  /** How long a writer waits for another writer's lock before giving up. */
  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private final Path file;
  private final Clock clock;
  private final SQLiteDataSource writers;
  private final SQLiteDataSource readers;
  // Held open for the store's life: WAL files stay in place instead of being checkpointed and
  // deleted each time the last short-lived connection closes.
  private final Connection keeper;

  private Database(Path file, Clock clock, SQLiteDataSource writers, SQLiteDataSource readers, Connection keeper) {
    this.file = file;
    this.clock = clock;
    this.writers = writers;
    this.readers = readers;
    this.keeper = keeper;
  }

  /** Opens (creating if needed) and migrates the database in {@code file}. */
  public static Database open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that stamps creation and transition times. */
  public static Database open(Path file, Clock clock) {
    return open(file, clock, BUSY_TIMEOUT_MILLIS);
  }

  /** With a busy timeout of its own: tests shorten it to make writers collide. */
  static Database open(Path file, Clock clock, int busyTimeoutMillis) {
    SchemaGuard.check(file);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new DatabaseException(file + ": cannot create its folder: " + e.getMessage(), e);
    }
    SQLiteDataSource writers = dataSource(file, SQLiteConfig.TransactionMode.IMMEDIATE, busyTimeoutMillis);
    SQLiteDataSource readers = dataSource(file, SQLiteConfig.TransactionMode.DEFERRED, busyTimeoutMillis);
    Connection keeper = null;
    try {
      keeper = writers.getConnection();
      Migrations.migrate(writers);
      holdWriteAheadLog(keeper);
      return new Database(file, clock, writers, readers, keeper);
    } catch (SQLException | FlywayException e) {
      closeQuietly(keeper);
      throw new DatabaseException(file + ": cannot open the database: " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing database to read it as it is, at whatever schema version it has: nothing is migrated or
   * written, and a writer elsewhere (the running service) does not block it. Writing through it fails.
   */
  public static Database openToRead(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatabaseException(file + ": no database file here");
    }
    try {
      // SQLite would open an empty file as a new database, which a reader must not take this for.
      if (Files.size(file) == 0) {
        throw new DatabaseException(file + ": an empty file, not a subsim database");
      }
    } catch (IOException e) {
      throw new DatabaseException(file + ": cannot read: " + e.getMessage(), e);
    }
    SchemaGuard.check(file);
    SQLiteDataSource readOnly = readOnlyDataSource(file);
    Connection keeper = null;
    try {
      keeper = readOnly.getConnection();
      holdWriteAheadLog(keeper);
      return new Database(file, Clock.systemUTC(), readOnly, readOnly, keeper);
    } catch (SQLException e) {
      closeQuietly(keeper);
      throw new DatabaseException(file + ": cannot open the database to read: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the keeper a reader of the file as it now is, so that it holds the WAL and its shared lock. Opened on a new
   * file, the keeper saw no WAL yet (its journal mode was set before the file had one) and took no lock: each
   * short-lived connection then found itself the last one on closing, checkpointed and deleted the WAL, on every
   * transaction of a first run.
   */
  private static void holdWriteAheadLog(Connection keeper) throws SQLException {
    try (Statement statement = keeper.createStatement(); ResultSet rows = statement.executeQuery(
        "SELECT COUNT(*) FROM sqlite_master")) {
      rows.next();
    }
  }

  private static SQLiteDataSource readOnlyDataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static SQLiteDataSource dataSource(Path file, SQLiteConfig.TransactionMode mode, int busyTimeoutMillis) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL syncs the WAL on every commit: a PUBLISHING mark lost to a power cut could mean posting twice.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(busyTimeoutMillis);
    // Writers take the write lock at BEGIN (our transactions say so themselves; this mode is for Flyway's): a
    // deferred transaction that upgrades from read to write fails at once with SQLITE_BUSY when another writer
    // got there first, whatever the busy timeout.
    config.setTransactionMode(mode);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  public Path file() {
    return file;
  }

  public Clock clock() {
    return clock;
  }

  public BotRepository bots() {
    return new BotRepository(this);
  }

  public DatasetRepository datasets() {
    return new DatasetRepository(this);
  }

  public ModelRepository models() {
    return new ModelRepository(this);
  }

  public TrainingRunRepository trainingRuns() {
    return new TrainingRunRepository(this);
  }

  public PostRepository posts() {
    return new PostRepository(this);
  }

  public CommentRepository comments() {
    return new CommentRepository(this);
  }

  public PublicationRepository publications() {
    return new PublicationRepository(this);
  }

  public ThreadRepository threads() {
    return new ThreadRepository(this);
  }

  /** Runs {@code work} in one read transaction: a consistent snapshot that never blocks writers. */
  public <T> T read(SqlWork<T> work) {
    return inTransaction(readers, "BEGIN DEFERRED", work);
  }

  /** Runs {@code work} in one write transaction, committed when it returns, rolled back when it throws. */
  public <T> T write(SqlWork<T> work) {
    return inTransaction(writers, "BEGIN IMMEDIATE", work);
  }

  /**
   * The transaction is opened and ended by plain statements on an auto-commit connection. The driver's own
   * {@code commit()} begins the next transaction straight after committing, so under contention it could fail
   * after the data was saved (and hold the write lock until the connection closed); here a COMMIT that returns has
   * committed, and one that throws has not.
   */
  private <T> T inTransaction(SQLiteDataSource source, String begin, SqlWork<T> work) {
    try (Connection connection = source.getConnection(); Statement control = connection.createStatement()) {
      control.execute(begin);
      T result;
      try {
        result = work.run(connection);
      } catch (SQLException | RuntimeException | Error e) {
        rollback(control, e);
        throw e;
      }
      control.execute("COMMIT");
      return result;
    } catch (SQLException e) {
      throw new DatabaseException(file + ": " + e.getMessage(), e);
    }
  }

  /** Rolls back after {@code cause}; a failing rollback is recorded on the cause rather than replacing it. */
  private static void rollback(Statement control, Throwable cause) {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The schema version the file is at: the highest applied migration. */
  public String schemaVersion() {
    var current = Migrations.flyway(writers).info().current();
    return current == null ? "0" : current.getVersion().getVersion();
  }

  /** How many migrations this code has that the file has not had yet (none once {@link #open} has run). */
  public int pendingMigrations() {
    return Migrations.flyway(writers).info().pending().length;
  }

  /** SQLite's own check of the whole file: {@code ["ok"]} when sound, otherwise the problems found. */
  public List<String> integrityCheck() {
    return read(c -> Sql.list(c, "PRAGMA integrity_check", row -> row.getString(1)));
  }

  /** Row counts of every table, the migration history included, by table name. */
  public Map<String, Long> tableCounts() {
    return read(c -> {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rows.next()) {
          tables.add(rows.getString("TABLE_NAME"));
        }
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String table : tables.stream().sorted().toList()) {
        // Table names come from the catalogue, not from input; identifiers cannot be bound as parameters.
        counts.put(table, Sql.number(c, "SELECT COUNT(*) FROM \"" + table.replace("\"", "\"\"") + "\""));
      }
      return counts;
    });
  }

  /**
   * Copies the database into {@code target} with SQLite's online backup: a consistent snapshot, safe while
   * other connections (this process or another) keep writing. Refuses to overwrite an existing file.
   */
  public void backupTo(Path target) {
    if (Files.exists(target)) {
      throw new DatabaseException(target + ": already exists; back up into a new file");
    }
    Path folder = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new DatabaseException(target + ": cannot create, no folder " + folder);
    }
    boolean copied = false;
    try (Connection connection = readers.getConnection()) {
      int rc = connection.unwrap(SQLiteConnection.class).getDatabase()
          .backup("main", target.toAbsolutePath().toString(), null);
      if (rc != 0) {
        throw new DatabaseException(file + ": backup to " + target + " failed: "
            + SQLiteErrorCode.getErrorCode(rc).message + " (SQLite code " + rc + ")");
      }
      copied = true;
    } catch (SQLException e) {
      throw new DatabaseException(file + ": backup to " + target + " failed: " + e.getMessage(), e);
    } finally {
      if (!copied) {
        removePartialCopy(target);
      }
    }
  }

  /** A failed backup's partial file would make the retry refuse the target as existing. */
  private static void removePartialCopy(Path target) {
    try {
      Files.deleteIfExists(target);
    } catch (IOException e) {
      // the backup's own error is the one to report; the leftover is named by the retry's refusal
    }
  }

  /** Folds the write-ahead log into the main file; a no-op for correctness, it keeps the WAL small. */
  public void checkpoint() {
    try (Statement statement = keeper.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new DatabaseException(file + ": checkpoint failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      keeper.close();
    } catch (SQLException e) {
      throw new DatabaseException(file + ": close failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already failing with the error that matters.
    }
  }
}
