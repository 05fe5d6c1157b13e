package subsim.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside {@link Database#read} or {@link Database#write}. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
