package dev.pulse.scheduler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Named channels in PostgreSQL: the one store of notification secrets. A failed statement is
 * reported by its SQLState alone: Jdbi's messages carry the bound arguments, and PostgreSQL's the
 * failing row, both of which hold the secrets.
 */
public class ChannelStore {
  private static final String COLUMNS = "name, pagerduty_routing_key, slack_webhook_path,"
      + " email_addresses::text AS email_addresses, enabled, version, created_at, updated_at";

  /** What a channel holds, without its bookkeeping. */
  public record Secrets(String pagerDutyRoutingKey, String slackWebhookPath, List<String> emailAddresses) {}

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public ChannelStore(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  /** Empty when a channel of that name exists already. */
  public Optional<NamedChannel> create(String name, Secrets secrets, String who) {
    return guarded(() -> jdbi.withHandle(handle -> handle.createQuery(
            "INSERT INTO channels (name, pagerduty_routing_key, slack_webhook_path, email_addresses, changed_by)"
                + " VALUES (:name, :pagerDuty, :slack, CAST(:email AS jsonb), :who)"
                + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
        .bindMap(parameters(name, secrets, who))
        .map(this::channel).findOne()));
  }

  /** Replaces every secret of a channel; empty when there is none of that name. */
  public Optional<NamedChannel> replace(String name, Secrets secrets, String who) {
    return guarded(() -> jdbi.withHandle(handle -> handle.createQuery(
            "UPDATE channels SET pagerduty_routing_key = :pagerDuty, slack_webhook_path = :slack,"
                + " email_addresses = CAST(:email AS jsonb), changed_by = :who, version = version + 1,"
                + " updated_at = now() WHERE name = :name RETURNING " + COLUMNS)
        .bindMap(parameters(name, secrets, who))
        .map(this::channel).findOne()));
  }

  public Optional<NamedChannel> setEnabled(String name, boolean enabled, String who) {
    return guarded(() -> jdbi.withHandle(handle -> handle.createQuery(
            "UPDATE channels SET enabled = :enabled, changed_by = :who, version = version + 1, updated_at = now()"
                + " WHERE name = :name RETURNING " + COLUMNS)
        .bind("name", name).bind("enabled", enabled).bind("who", who)
        .map(this::channel).findOne()));
  }

  public Optional<NamedChannel> find(String name) {
    return guarded(() -> jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM channels WHERE name = :name")
        .bind("name", name).map(this::channel).findOne()));
  }

  public List<NamedChannel> list() {
    return guarded(() -> jdbi.withHandle(handle ->
        handle.createQuery("SELECT " + COLUMNS + " FROM channels ORDER BY name").map(this::channel).list()));
  }

  /** Thrown for a failed statement, with nothing of its arguments. */
  public static class StoreFailedException extends RuntimeException {
    StoreFailedException(String message) {
      super(message);
    }
  }

  private static <T> T guarded(Supplier<T> statement) {
    try {
      return statement.get();
    } catch (JdbiException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String state = root instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
      throw new StoreFailedException("the channel store failed: " + root.getClass().getSimpleName() + state);
    }
  }

  private Map<String, Object> parameters(String name, Secrets secrets, String who) {
    java.util.HashMap<String, Object> parameters = new java.util.HashMap<>();
    parameters.put("name", name);
    parameters.put("pagerDuty", secrets.pagerDutyRoutingKey());
    parameters.put("slack", secrets.slackWebhookPath());
    parameters.put("email", text(secrets.emailAddresses() == null ? List.of() : secrets.emailAddresses()));
    parameters.put("who", who);
    return parameters;
  }

  private NamedChannel channel(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      return new NamedChannel(rs.getString("name"), rs.getString("pagerduty_routing_key"),
          rs.getString("slack_webhook_path"),
          json.readValue(rs.getString("email_addresses"),
              json.getTypeFactory().constructCollectionType(List.class, String.class)),
          rs.getBoolean("enabled"), rs.getLong("version"), rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("channel " + rs.getString("name") + " has unreadable addresses", e);
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
