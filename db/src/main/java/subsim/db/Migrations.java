package subsim.db;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The schema migrations: every {@code V{n}__*.sql} under {@code db/migration} on the class path, run by Flyway. */
final class Migrations {

  /** Versions 1..99 belong to the store itself, 100 and up to the sandbox Reddit tables; all live here. */
  static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  static FluentConfiguration configure(DataSource dataSource, String... locations) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(locations.length == 0 ? new String[] {LOCATION} : locations)
        // A misnamed file would otherwise be skipped without a word.
        .validateMigrationNaming(true)
        // A file migrated by newer code is refused (see SchemaGuard), never silently accepted.
        .ignoreMigrationPatterns("")
        .loggers("slf4j");
  }

  static Flyway flyway(DataSource dataSource) {
    return configure(dataSource).load();
  }

  /** Applies every pending migration, including one numbered below versions already applied. */
  static void migrate(DataSource dataSource, String... locations) {
    MigrationInfoService info = configure(dataSource, locations).outOfOrder(true).load().info();
    MigrationInfo current = info.current();
    boolean behind = current != null && Arrays.stream(info.pending())
        .anyMatch(pending -> pending.getVersion().compareTo(current.getVersion()) < 0);
    // The two version ranges grow independently: a new V4 must still apply to a file already at V100.
    // Flyway warns on every run in out-of-order mode, so it is switched on only when needed.
    configure(dataSource, locations).outOfOrder(behind).load().migrate();
  }
}
