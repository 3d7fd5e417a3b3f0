package dev.pulse.api.resources;

import dev.pulse.api.api.EventBatch;
import dev.pulse.api.api.IngestResponse;
import dev.pulse.api.core.EventIngestor;
import dev.pulse.api.kafka.EventPublisher.PublishFailedException;
import dev.pulse.api.registry.SchemaRegistryClient.RegistryUnavailableException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POST /v1/events: a batch of events in, each accepted or rejected with its reason. */
@Path("/v1/events")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
  private static final Logger LOG = LoggerFactory.getLogger(EventsResource.class);

  private final EventIngestor ingestor;

  public EventsResource(EventIngestor ingestor) {
    this.ingestor = ingestor;
  }

  /**
   * 200 when at least one event was accepted (the others, if any, are listed in {@code errors});
   * 400 with the same body when every event was rejected; 503 when Kafka or the registry is down,
   * in which case nothing of the batch may be assumed accepted and it should be retried.
   */
  @POST
  public Response ingest(EventBatch batch) {
    if (batch == null || batch.events() == null) {
      throw ApiErrors.badRequest("the body must be a JSON object {\"events\": [ ... ]}");
    }
    try {
      IngestResponse result = ingestor.ingest(batch.events());
      boolean allRejected = result.accepted() == 0 && result.rejected() > 0;
      return Response.status(allRejected ? Response.Status.BAD_REQUEST : Response.Status.OK)
          .entity(result)
          .build();
    } catch (PublishFailedException e) {
      LOG.warn("Kafka did not acknowledge a batch of {} events: {}", batch.events().size(), e.getMessage());
      throw ApiErrors.unavailable("events could not be written to Kafka; retry the batch: " + e.getMessage());
    } catch (RegistryUnavailableException e) {
      LOG.warn("Schema registry unavailable: {}", e.getMessage());
      throw ApiErrors.unavailable("the schema registry is unavailable; retry the batch");
    }
  }
}
