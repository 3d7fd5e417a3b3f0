package dev.pulse.scheduler.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.scheduler.store.AlertGroup;
import dev.pulse.scheduler.store.AlertLedger;
import dev.pulse.scheduler.store.NotificationLog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts by rule and group, their acknowledgement, and the notification log. Acknowledging a
 * firing alert stops its repeats and escalations; a new FIRING of the group needs a new one.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
  private static final int MAX_LOG = 1000;

  /** Who acknowledges. */
  public record Acknowledgement(@JsonProperty("by") String by) {}

  private final AlertLedger ledger;
  private final NotificationLog log;

  public AlertResource(AlertLedger ledger, NotificationLog log) {
    this.ledger = ledger;
    this.log = log;
  }

  @GET
  @Path("/alerts")
  public Map<String, List<AlertGroup>> alerts(@QueryParam("state") String state) {
    return Map.of("alerts", ledger.list(parseState(state)));
  }

  @GET
  @Path("/alerts/{id}")
  public AlertGroup alert(@PathParam("id") long id) {
    return ledger.find(id).orElseThrow(() -> error(404, "no alert group " + id));
  }

  @POST
  @Path("/alerts/{id}/acknowledge")
  @Consumes(MediaType.APPLICATION_JSON)
  public AlertGroup acknowledge(@PathParam("id") long id, Acknowledgement body) {
    if (body == null || body.by() == null || body.by().isBlank()) {
      throw error(400, "say who acknowledges: {\"by\": \"alice\"}");
    }
    AlertGroup group = ledger.find(id).orElseThrow(() -> error(404, "no alert group " + id));
    if (group.state() != AlertState.FIRING) {
      throw error(409, "alert group " + id + " is " + group.state() + "; only a firing alert is acknowledged");
    }
    return ledger.acknowledge(id, body.by()).orElseThrow(() -> error(409, "alert group " + id + " resolved meanwhile"));
  }

  @GET
  @Path("/notifications")
  public Map<String, List<NotificationLog.Entry>> notifications(
      @QueryParam("group_id") Long groupId, @QueryParam("limit") Integer limit) {
    int rows = limit == null ? 100 : limit;
    if (rows < 1 || rows > MAX_LOG) {
      throw error(400, "limit must be between 1 and " + MAX_LOG);
    }
    return Map.of("notifications", log.forGroup(groupId, rows));
  }

  private static Optional<AlertState> parseState(String state) {
    if (state == null || state.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AlertState.valueOf(state.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw error(400, "state must be FIRING or RESOLVED, got '" + state + "'");
    }
  }

  static WebApplicationException error(int status, String message) {
    return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(Map.of("code", status, "message", message)).build());
  }
}
