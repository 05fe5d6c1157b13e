package subsim.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result set into a record. */
@FunctionalInterface
public interface RowMapper<T> {
  T map(ResultSet row) throws SQLException;
}
