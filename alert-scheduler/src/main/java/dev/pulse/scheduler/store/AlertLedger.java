package dev.pulse.scheduler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertCodec;
import dev.pulse.contract.alerting.AlertState;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The alerts received and where each rule's group stands. Receiving is idempotent: an alert seen
 * before (a replay after a rebalance or a restart) changes nothing.
 */
public class AlertLedger {
  private static final String GROUP_COLUMNS =
      "id, rule_id, group_key, state, alert::text AS alert, notified_alert_id, notified_state,"
          + " notified_channels::text AS notified_channels, last_trigger_at, escalations, acknowledged_at,"
          + " acknowledged_by, updated_at";

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public AlertLedger(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  /** Records an alert; returns its group's id, whether or not the alert was new. */
  public long receive(Alert alert) {
    String alertJson = new String(AlertCodec.encode(alert), StandardCharsets.UTF_8);
    return jdbi.inTransaction(handle -> {
      int inserted = handle.createUpdate(
              "INSERT INTO alert_events (id, rule_id, group_key, state, value, first_breach, event_time, alert)"
                  + " VALUES (:id, :rule, :group, :state, :value, :firstBreach, :eventTime, CAST(:alert AS jsonb))"
                  + " ON CONFLICT (id) DO NOTHING")
          .bind("id", alert.id())
          .bind("rule", alert.rule().id())
          .bind("group", alert.groupKey())
          .bind("state", alert.state().name())
          .bind("value", alert.value())
          .bind("firstBreach", Timestamp.from(Instant.ofEpochMilli(alert.firstBreachAt())))
          .bind("eventTime", Timestamp.from(Instant.ofEpochMilli(alert.eventTime())))
          .bind("alert", alertJson)
          .execute();
      if (inserted == 0) {
        return groupId(handle, alert).orElseThrow();
      }
      // A new FIRING starts a new incident: nobody has acknowledged or escalated it yet.
      return handle.createQuery(
              "INSERT INTO alert_groups (rule_id, group_key, state, current_alert_id, alert)"
                  + " VALUES (:rule, :group, :state, :id, CAST(:alert AS jsonb))"
                  + " ON CONFLICT (rule_id, group_key) DO UPDATE SET state = EXCLUDED.state,"
                  + " current_alert_id = EXCLUDED.current_alert_id, alert = EXCLUDED.alert, updated_at = now(),"
                  + " acknowledged_at = CASE WHEN EXCLUDED.state = 'FIRING' THEN NULL ELSE alert_groups.acknowledged_at END,"
                  + " acknowledged_by = CASE WHEN EXCLUDED.state = 'FIRING' THEN NULL ELSE alert_groups.acknowledged_by END,"
                  + " escalations = CASE WHEN EXCLUDED.state = 'FIRING' THEN 0 ELSE alert_groups.escalations END"
                  + " RETURNING id")
          .bind("rule", alert.rule().id())
          .bind("group", alert.groupKey())
          .bind("state", alert.state().name())
          .bind("id", alert.id())
          .bind("alert", alertJson)
          .mapTo(Long.class)
          .one();
    });
  }

  /**
   * Locks a group for one notification decision. NO KEY UPDATE, so the notification log (which
   * references the group) can be written meanwhile from other connections.
   */
  public Optional<AlertGroup> lock(Handle handle, long groupId) {
    return handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM alert_groups WHERE id = :id FOR NO KEY UPDATE")
        .bind("id", groupId).map(this::group).findOne();
  }

  /** An alert as it was received, by its id. */
  public Optional<Alert> received(Handle handle, String alertId) {
    return handle.createQuery("SELECT alert::text FROM alert_events WHERE id = :id").bind("id", alertId)
        .mapTo(String.class).findOne()
        .map(json -> AlertCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
  }

  public Optional<AlertGroup> find(long groupId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM alert_groups WHERE id = :id")
        .bind("id", groupId).map(this::group).findOne());
  }

  public List<AlertGroup> list(Optional<AlertState> state) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM alert_groups"
            + " WHERE (CAST(:state AS TEXT) IS NULL OR state = :state) ORDER BY updated_at DESC LIMIT 1000")
        .bind("state", state.map(Enum::name).orElse(null))
        .map(this::group).list());
  }

  /** Remembers what was notified for the group's current alert. */
  public void notified(Handle handle, long groupId, String alertId, String state, List<String> channels, boolean triggered) {
    handle.createUpdate("UPDATE alert_groups SET notified_alert_id = :alert, notified_state = :state,"
            + " notified_channels = CAST(:channels AS jsonb),"
            + " last_trigger_at = CASE WHEN :triggered THEN clock_timestamp() ELSE last_trigger_at END WHERE id = :id")
        .bind("alert", alertId).bind("state", state).bind("channels", text(channels))
        .bind("triggered", triggered).bind("id", groupId)
        .execute();
  }

  public void escalated(Handle handle, long groupId, int step, List<String> channels) {
    handle.createUpdate("UPDATE alert_groups SET escalations = :step, notified_channels = CAST(:channels AS jsonb)"
            + " WHERE id = :id")
        .bind("step", step).bind("channels", text(channels)).bind("id", groupId)
        .execute();
  }

  /** Acknowledges the group's firing alert; empty when there is no such group or it is not firing. */
  public Optional<AlertGroup> acknowledge(long groupId, String by) {
    return jdbi.inTransaction(handle -> {
      int changed = handle.createUpdate("UPDATE alert_groups SET acknowledged_at = COALESCE(acknowledged_at, now()),"
              + " acknowledged_by = COALESCE(acknowledged_by, :by) WHERE id = :id AND state = 'FIRING'")
          .bind("by", by).bind("id", groupId).execute();
      return changed == 0 ? Optional.<AlertGroup>empty()
          : handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM alert_groups WHERE id = :id")
              .bind("id", groupId).map(this::group).findOne();
    });
  }

  private Optional<Long> groupId(Handle handle, Alert alert) {
    return handle.createQuery("SELECT id FROM alert_groups WHERE rule_id = :rule AND group_key = :group")
        .bind("rule", alert.rule().id()).bind("group", alert.groupKey()).mapTo(Long.class).findOne();
  }

  private AlertGroup group(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      return new AlertGroup(
          rs.getLong("id"),
          rs.getLong("rule_id"),
          rs.getString("group_key"),
          AlertState.valueOf(rs.getString("state")),
          AlertCodec.decode(rs.getString("alert").getBytes(StandardCharsets.UTF_8)),
          rs.getString("notified_alert_id"),
          rs.getString("notified_state"),
          json.readValue(rs.getString("notified_channels"), json.getTypeFactory().constructCollectionType(List.class, String.class)),
          instant(rs.getTimestamp("last_trigger_at")),
          rs.getInt("escalations"),
          instant(rs.getTimestamp("acknowledged_at")),
          rs.getString("acknowledged_by"),
          instant(rs.getTimestamp("updated_at")));
    } catch (JsonProcessingException e) {
      throw new SQLException("alert group " + rs.getLong("id") + " has unreadable channels", e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
