package dev.pulse.api.resources;

import dev.pulse.api.auth.ApiKeyCache.KeysUnavailableException;
import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL holds keys, alert rules and their history. While it cannot be reached, what needs it
 * answers 503 with Retry-After (key management, rule changes, a key no instance has seen yet), and
 * ingestion and reads go on. Any other database error stays a logged 500: it is a bug, not an outage.
 */
@Provider
public class DatabaseUnavailableMapper extends LoggingExceptionMapper<JdbiException> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableMapper.class);

  @Override
  public Response toResponse(JdbiException exception) {
    if (!unreachable(exception)) {
      return super.toResponse(exception);
    }
    LOG.warn("PostgreSQL is unreachable: {}", exception.getMessage());
    return ApiErrors.unavailable("the database is unreachable; retry shortly (ingestion and reads are not affected)")
        .getResponse();
  }

  /** A connection that could not be opened, or one that broke (SQL state class 08, connection exception). */
  static boolean unreachable(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof ConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /** A credential that cannot be checked now: 503, so that the caller retries instead of dropping its key. */
  @Provider
  public static class KeysUnavailableMapper implements jakarta.ws.rs.ext.ExceptionMapper<KeysUnavailableException> {
    @Override
    public Response toResponse(KeysUnavailableException exception) {
      return ApiErrors.unavailable(exception.getMessage()).getResponse();
    }
  }
}
