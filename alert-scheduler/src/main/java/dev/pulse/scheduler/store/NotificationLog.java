package dev.pulse.scheduler.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.scheduler.channels.Channel;
import dev.pulse.scheduler.channels.Delivery;
import dev.pulse.scheduler.channels.Messages;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Every notification decision, one row per alert, kind, step and channel. Rows are written in
 * their own transactions, so a message that went out stays recorded as sent even if what follows
 * fails, and is not sent again.
 */
public class NotificationLog {
  /** The wildcard channel of decisions that concern every channel at once (silenced, grouped). */
  public static final String ALL_CHANNELS = "*";

  /** One row, as the API shows it. */
  public record Entry(
      @JsonProperty("id") long id,
      @JsonProperty("group_id") long groupId,
      @JsonProperty("alert_id") String alertId,
      @JsonProperty("kind") String kind,
      @JsonProperty("step") int step,
      @JsonProperty("channel") String channel,
      @JsonProperty("status") String status,
      @JsonProperty("attempts") int attempts,
      @JsonProperty("http_status") Integer httpStatus,
      @JsonProperty("detail") String detail,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("updated_at") Instant updatedAt) {}

  private final Jdbi jdbi;

  public NotificationLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Whether this message already reached the channel (or was refused by it for good). */
  public boolean settled(String alertId, Messages.Kind kind, int step, Channel channel) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM notifications WHERE alert_id = :alert"
            + " AND kind = :kind AND step = :step AND channel_id = :channel AND status IN ('SENT', 'REJECTED')")
        .bind("alert", alertId).bind("kind", kind.name()).bind("step", step).bind("channel", channel.id())
        .mapTo(Integer.class).one() > 0);
  }

  /** Whether a decision not to send this message (SILENCED, GROUPED) was made. */
  public boolean held(String alertId, Messages.Kind kind) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM notifications WHERE alert_id = :alert"
            + " AND kind = :kind AND channel_id = :all AND status IN ('SILENCED', 'GROUPED')")
        .bind("alert", alertId).bind("kind", kind.name()).bind("all", ALL_CHANNELS)
        .mapTo(Integer.class).one() > 0);
  }

  public void delivered(long groupId, String alertId, Messages.Kind kind, int step, Channel channel, Delivery delivery) {
    write(groupId, alertId, kind, step, channel.redacted(), channel.id(), delivery.status().name(), delivery.attempts(),
        delivery.httpStatus(), delivery.detail());
  }

  /** A decision not to send: SILENCED or GROUPED, with why. */
  public void held(long groupId, String alertId, Messages.Kind kind, String status, String detail) {
    write(groupId, alertId, kind, 0, ALL_CHANNELS, ALL_CHANNELS, status, 0, null, detail);
  }

  public List<Entry> forGroup(Long groupId, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM notifications"
            + " WHERE (CAST(:group AS BIGINT) IS NULL OR group_id = :group) ORDER BY id DESC LIMIT :limit")
        .bind("group", groupId).bind("limit", limit)
        .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getLong("group_id"), rs.getString("alert_id"),
            rs.getString("kind"), rs.getInt("step"), rs.getString("channel"), rs.getString("status"),
            rs.getInt("attempts"), (Integer) rs.getObject("http_status"), rs.getString("detail"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
        .list());
  }

  /** Attempts add up across retries; the newest outcome wins. */
  private void write(long groupId, String alertId, Messages.Kind kind, int step, String channel, String channelId,
      String status, int attempts, Integer httpStatus, String detail) {
    jdbi.useHandle(handle -> handle.createUpdate(
            "INSERT INTO notifications (group_id, alert_id, kind, step, channel, channel_id, status, attempts,"
                + " http_status, detail) VALUES (:group, :alert, :kind, :step, :channel, :channelId, :status,"
                + " :attempts, :http, :detail) ON CONFLICT (alert_id, kind, step, channel_id) DO UPDATE SET"
                + " status = EXCLUDED.status, attempts = notifications.attempts + EXCLUDED.attempts,"
                + " http_status = EXCLUDED.http_status, detail = EXCLUDED.detail, updated_at = now()")
        .bind("group", groupId).bind("alert", alertId).bind("kind", kind.name()).bind("step", step)
        .bind("channel", channel).bind("channelId", channelId).bind("status", status).bind("attempts", attempts)
        .bind("http", httpStatus).bind("detail", detail)
        .execute());
  }
}
