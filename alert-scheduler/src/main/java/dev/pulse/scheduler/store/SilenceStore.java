package dev.pulse.scheduler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Silences in PostgreSQL; expiring one ends it now and keeps it for the record. */
public class SilenceStore {
  private static final String COLUMNS =
      "id, rule_id, matchers::text AS matchers, starts_at, ends_at, comment, created_by, created_at";

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public SilenceStore(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  public Silence create(Long ruleId, Map<String, String> matchers, Instant startsAt, Instant endsAt, String comment,
      String createdBy) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "INSERT INTO silences (rule_id, matchers, starts_at, ends_at, comment, created_by) VALUES"
                + " (:rule, CAST(:matchers AS jsonb), :starts, :ends, :comment, :by) RETURNING " + COLUMNS)
        .bind("rule", ruleId).bind("matchers", text(matchers))
        .bind("starts", Timestamp.from(startsAt)).bind("ends", Timestamp.from(endsAt))
        .bind("comment", comment).bind("by", createdBy)
        .map(this::silence).one());
  }

  /** Silences not yet ended, the ones a notification is checked against. */
  public List<Silence> unexpired() {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT " + COLUMNS + " FROM silences WHERE ends_at > now() ORDER BY id")
        .map(this::silence).list());
  }

  public List<Silence> all() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM silences ORDER BY id DESC LIMIT 1000")
        .map(this::silence).list());
  }

  /** Ends a silence now; one already over stays as it was. */
  public Optional<Silence> expire(long id) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "UPDATE silences SET ends_at = CASE WHEN ends_at > now() THEN GREATEST(now(), starts_at + interval '1 millisecond')"
                + " ELSE ends_at END WHERE id = :id RETURNING " + COLUMNS)
        .bind("id", id).map(this::silence).findOne());
  }

  private Silence silence(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      return new Silence(rs.getLong("id"), (Long) rs.getObject("rule_id"),
          json.readValue(rs.getString("matchers"), json.getTypeFactory().constructMapType(Map.class, String.class, String.class)),
          rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("comment"),
          rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("silence " + rs.getLong("id") + " has unreadable matchers", e);
    }
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
