package dev.pulse.backfill.rewrite;

import dev.pulse.backfill.request.Refused;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

/**
 * One rewrite per day of history at a time, across every process that rewrites it (this CLI, the
 * Minion tasks' child processes): PostgreSQL session advisory locks, one per table and day, held
 * for the whole run. A process that dies lets go of its locks with its connection, so an
 * interrupted run never leaves a day locked. The database is the archive catalog's.
 */
public final class DayLocks implements AutoCloseable {
  private final Connection connection;

  private DayLocks(Connection connection) {
    this.connection = connection;
  }

  /** Takes every day's lock, or none: refused when another rewrite holds one of them. */
  public static DayLocks take(String jdbcUrl, String user, String password, String table, List<LocalDate> days)
      throws Refused, SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", user == null ? "" : user);
    credentials.setProperty("password", password == null ? "" : password);
    Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
    DayLocks locks = new DayLocks(connection);
    try {
      for (LocalDate day : days) {
        if (!locks.tryLock(name(table, day))) {
          throw new Refused("day " + day + " of " + table + " is being rewritten by another backfill or Minion task;"
              + " try again when it has finished");
        }
      }
      return locks;
    } catch (Refused | SQLException | RuntimeException e) {
      locks.close();
      throw e;
    }
  }

  private boolean tryLock(String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /**
   * The lock's name; its key is PostgreSQL's {@code hashtext} of it, so an operator can take or look
   * for the same lock in SQL: {@code SELECT pg_try_advisory_lock(hashtext('pulse-history:metrics_history:2026-12-01'))}.
   */
  public static String name(String table, LocalDate day) {
    return "pulse-history:" + table + ":" + day;
  }

  @Override
  public void close() throws SQLException {
    connection.close(); // ends the session, which releases every advisory lock it held
  }
}
