package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Alert rules in PostgreSQL. Each change and its history row are written in one transaction, so
 * the audit trail never misses a change nor records one that did not happen.
 */
public class AlertRuleStore {
  private static final String COLUMNS =
      "id, name, metric, dimensions::text AS dimensions, group_by::text AS group_by, statistic, condition,"
          + " threshold, window_seconds, for_seconds, severity, channels::text AS channels, escalate_after_seconds,"
          + " escalation_channels::text AS escalation_channels, enabled, version, rule_id, created_at, updated_at";

  /** One change of a rule: who, when, what it was and what it became. */
  public record Change(
      @JsonProperty("changed_by") String changedBy,
      @JsonProperty("changed_at") Instant changedAt,
      @JsonProperty("change") String change,
      @JsonProperty("old_value") JsonNode oldValue,
      @JsonProperty("new_value") JsonNode newValue) {}

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public AlertRuleStore(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  public StoredRule create(AlertRuleSpec spec, String who) {
    return jdbi.inTransaction(handle -> {
      long id = handle.createUpdate(
              "INSERT INTO alert_rules (name, metric, dimensions, group_by, statistic, condition, threshold,"
                  + " window_seconds, for_seconds, severity, channels, escalate_after_seconds, escalation_channels,"
                  + " enabled) VALUES (:name, :metric, CAST(:dimensions AS jsonb), CAST(:groupBy AS jsonb), :statistic,"
                  + " :condition, :threshold, :window, :for, :severity, CAST(:channels AS jsonb), :escalateAfter,"
                  + " CAST(:escalationChannels AS jsonb), :enabled)")
          .bindMap(parameters(spec))
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one();
      StoredRule created = find(handle, id).orElseThrow();
      record(handle, id, who, "created", null, created.rule());
      return created;
    });
  }

  /** Replaces every field of a rule; empty when there is no such rule. */
  public Optional<StoredRule> replace(long id, AlertRuleSpec spec, String who, String change) {
    return jdbi.inTransaction(handle -> {
      Optional<StoredRule> before = findForUpdate(handle, id);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      handle.createUpdate(
              "UPDATE alert_rules SET name = :name, metric = :metric, dimensions = CAST(:dimensions AS jsonb),"
                  + " group_by = CAST(:groupBy AS jsonb), statistic = :statistic, condition = :condition,"
                  + " threshold = :threshold, window_seconds = :window, for_seconds = :for,"
                  + " severity = :severity, channels = CAST(:channels AS jsonb), escalate_after_seconds = :escalateAfter,"
                  + " escalation_channels = CAST(:escalationChannels AS jsonb), enabled = :enabled,"
                  + " version = version + 1, updated_at = now() WHERE id = :id")
          .bindMap(parameters(spec))
          .bind("id", id)
          .execute();
      StoredRule after = find(handle, id).orElseThrow();
      record(handle, id, who, change, before.get().rule(), after.rule());
      return Optional.of(after);
    });
  }

  public Optional<StoredRule> find(long id) {
    return jdbi.withHandle(handle -> find(handle, id));
  }

  /** By the published {@code rule_id}. */
  public Optional<StoredRule> find(UUID ruleId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM alert_rules WHERE rule_id = :ruleId")
        .bind("ruleId", ruleId).map(this::rule).findOne());
  }

  public List<StoredRule> list() {
    return jdbi.withHandle(handle ->
        handle.createQuery("SELECT " + COLUMNS + " FROM alert_rules ORDER BY id").map(this::rule).list());
  }

  public List<Change> history(long id) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT changed_by, changed_at, change, old_value::text AS old_value, new_value::text AS new_value"
                + " FROM alert_rule_history WHERE rule_id = :id ORDER BY id")
        .bind("id", id)
        .map((rs, ctx) -> new Change(rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
            rs.getString("change"), tree(rs.getString("old_value")), tree(rs.getString("new_value"))))
        .list());
  }

  private Optional<StoredRule> find(Handle handle, long id) {
    return handle.createQuery("SELECT " + COLUMNS + " FROM alert_rules WHERE id = :id").bind("id", id).map(this::rule).findOne();
  }

  /** Locks the row, so two concurrent changes of one rule are recorded one after the other. */
  private Optional<StoredRule> findForUpdate(Handle handle, long id) {
    return handle.createQuery("SELECT " + COLUMNS + " FROM alert_rules WHERE id = :id FOR UPDATE")
        .bind("id", id).map(this::rule).findOne();
  }

  private void record(Handle handle, long id, String who, String change, AlertRule before, AlertRule after) {
    handle.createUpdate(
            "INSERT INTO alert_rule_history (rule_id, changed_by, change, old_value, new_value)"
                + " VALUES (:id, :who, :change, CAST(:old AS jsonb), CAST(:new AS jsonb))")
        .bind("id", id)
        .bind("who", who)
        .bind("change", change)
        .bind("old", before == null ? null : text(before))
        .bind("new", text(after))
        .execute();
  }

  private Map<String, Object> parameters(AlertRuleSpec spec) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("name", spec.displayName());
    parameters.put("metric", spec.metric());
    parameters.put("dimensions", text(spec.dimensions()));
    parameters.put("groupBy", text(spec.groupBy()));
    parameters.put("statistic", spec.statistic().name());
    parameters.put("condition", spec.conditionValue().orElseThrow().name());
    parameters.put("threshold", spec.threshold());
    parameters.put("window", spec.windowSeconds());
    parameters.put("for", spec.forSeconds());
    parameters.put("severity", spec.severity().name());
    parameters.put("channels", text(spec.allChannels()));
    parameters.put("escalateAfter", spec.escalateAfterSeconds()); // null: never
    parameters.put("escalationChannels", text(spec.escalationChannels()));
    parameters.put("enabled", spec.enabled());
    return parameters;
  }

  private StoredRule rule(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      AlertRule rule = new AlertRule(
          rs.getLong("id"),
          rs.getString("name"),
          rs.getString("metric"),
          json.readValue(rs.getString("dimensions"), json.getTypeFactory().constructMapType(Map.class, String.class, String.class)),
          strings(rs.getString("group_by")),
          Statistic.valueOf(rs.getString("statistic")),
          Condition.valueOf(rs.getString("condition")),
          rs.getDouble("threshold"),
          rs.getInt("window_seconds"),
          rs.getInt("for_seconds"),
          Severity.valueOf(rs.getString("severity")),
          strings(rs.getString("channels")),
          rs.getObject("escalate_after_seconds", Integer.class),
          strings(rs.getString("escalation_channels")),
          rs.getBoolean("enabled"),
          rs.getLong("version"),
          rs.getTimestamp("updated_at").getTime());
      return new StoredRule(rule, rs.getObject("rule_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("alert rule " + rs.getLong("id") + " has unreadable JSON", e);
    }
  }

  private List<String> strings(String jsonArray) throws JsonProcessingException {
    return json.readValue(jsonArray, json.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode tree(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
