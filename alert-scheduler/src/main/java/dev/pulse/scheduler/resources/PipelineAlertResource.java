package dev.pulse.scheduler.resources;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.scheduler.intake.AlertAdmission;
import dev.pulse.scheduler.intake.PipelineAlerts;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook receiver: the pipeline's own alerts (lag, DLQ share, freshness, ...)
 * enter here and page like metric alerts. Alertmanager sends a group again at each
 * group_interval; an alert seen before changes nothing.
 */
@Path("/v1/pipeline-alerts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PipelineAlertResource {
  private final PipelineAlerts pipelineAlerts;
  private final AlertAdmission admission;

  public PipelineAlertResource(PipelineAlerts pipelineAlerts, AlertAdmission admission) {
    this.pipelineAlerts = pipelineAlerts;
    this.admission = admission;
  }

  @POST
  public Response receive(@NotNull PipelineAlerts.Webhook webhook) {
    String problem = PipelineAlerts.problemWith(webhook);
    if (problem != null) {
      return Response.status(422).entity(Map.of("code", 422, "message", problem)).build();
    }
    List<Alert> alerts = pipelineAlerts.alertsOf(webhook);
    alerts.forEach(admission::admit);
    return Response.ok(Map.of("received", alerts.size())).build();
  }
}
