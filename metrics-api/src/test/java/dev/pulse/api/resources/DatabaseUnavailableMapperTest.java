package dev.pulse.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableMapperTest {
  private final DatabaseUnavailableMapper mapper = new DatabaseUnavailableMapper();

  @Test
  void aConnectionThatCannotBeOpenedIsA503WithRetryAfter() {
    Response response = mapper.toResponse(new ConnectionException(new SQLException("Connection refused", "08001")));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
  }

  @Test
  void aConnectionThatBrokeMidStatementIsA503() {
    var broken = new UnableToExecuteStatementException(new SQLException("An I/O error occurred", "08006"), null);

    assertThat(mapper.toResponse(broken).getStatus()).isEqualTo(503);
  }

  @Test
  void anyOtherDatabaseErrorStaysA500() {
    var bug = new UnableToExecuteStatementException(new SQLException("column \"x\" does not exist", "42703"), null);

    assertThat(mapper.toResponse(bug).getStatus()).isEqualTo(500);
  }
}
