package dev.pulse.scheduler.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertState;
import java.time.Instant;
import java.util.List;

/**
 * A rule's group as the scheduler tracks it: its latest alert, and what was notified for it.
 *
 * @param notifiedAlertId the FIRING alert that was paged or silenced, or the RESOLVED one sent after it
 * @param notifiedState FIRING (paged), SILENCED (logged only) or RESOLVED
 * @param notifiedChannels where the page went, so the resolve goes there too (secret; never shown)
 */
public record AlertGroup(
    @JsonProperty("id") long id,
    @JsonProperty("rule_id") long ruleId,
    @JsonProperty("group_key") String groupKey,
    @JsonProperty("state") AlertState state,
    @JsonProperty("alert") Alert alert,
    @JsonIgnore String notifiedAlertId,
    @JsonProperty("notified_state") String notifiedState,
    @JsonIgnore List<String> notifiedChannels,
    @JsonProperty("last_trigger_at") Instant lastTriggerAt,
    @JsonProperty("escalations") int escalations,
    @JsonProperty("acknowledged_at") Instant acknowledgedAt,
    @JsonProperty("acknowledged_by") String acknowledgedBy,
    @JsonProperty("updated_at") Instant updatedAt) {

  public static final String PAGED = "FIRING";
  public static final String SILENCED = "SILENCED";
  public static final String RESOLVED = "RESOLVED";

  public boolean paged() {
    return PAGED.equals(notifiedState);
  }
}
