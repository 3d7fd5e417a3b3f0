package dev.pulse.api.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.ingest.DeadLetterReplayer;
import dev.pulse.api.kafka.DeadLetterReader;
import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The dead-letter queue for operators: what failed and why, and replaying it after a fix. */
@Path("/v1/dlq")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiKey.ADMIN)
public class DeadLetterResource {
  static final int MAX_LIMIT = 1000;

  private final DeadLetterReader reader;
  private final DeadLetterReplayer replayer;

  public DeadLetterResource(DeadLetterReader reader, DeadLetterReplayer replayer) {
    this.reader = reader;
    this.replayer = replayer;
  }

  /** The newest entries and, over them, the counts by error type. */
  public record Listing(
      @JsonProperty("entries") List<DeadLetterReader.Entry> entries,
      @JsonProperty("counts_by_error_type") Map<String, Long> counts) {}

  @GET
  public Listing recent(@QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiErrors.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    List<DeadLetterReader.Entry> entries = reader.newest(limit);
    Map<String, Long> counts = new TreeMap<>();
    entries.forEach(e -> counts.merge(e.letter().errorType(), 1L, Long::sum));
    return new Listing(entries, counts);
  }

  /** What to replay: entries of these error types, or all when none are given. */
  public record ReplayRequest(@JsonProperty("error_types") Set<String> errorTypes) {}

  @POST
  @Path("/replay")
  @Consumes(MediaType.APPLICATION_JSON)
  public DeadLetterReplayer.Result replay(ReplayRequest request) {
    Set<String> types = request == null || request.errorTypes() == null ? Set.of() : request.errorTypes();
    try {
      return replayer.replay(types);
    } catch (PublishFailedException e) {
      throw ApiErrors.unavailable("replayed events could not be written to Kafka; retry: " + e.getMessage());
    }
  }
}
