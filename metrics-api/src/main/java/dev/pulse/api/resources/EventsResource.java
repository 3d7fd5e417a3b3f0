package dev.pulse.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.api.IngestResponse;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.ingest.BatchParser;
import dev.pulse.api.ingest.EventIngestor;
import dev.pulse.api.ingest.IngestContext;
import dev.pulse.api.ingest.IngestLimits;
import dev.pulse.api.ingest.InvalidEventException;
import dev.pulse.api.ingest.RateLimiter;
import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.api.registry.SchemaRegistryClient.RegistryUnavailableException;
import dev.pulse.contract.dlq.ErrorType;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /v1/events: a batch of events in, each accepted or rejected with its reason.
 *
 * <p>200 when at least one event was accepted (the others, if any, are listed in {@code errors});
 * 400 with the same body when every event was rejected, or the body is not a batch; 413 when the
 * body or the batch is over its limit; 429 with Retry-After when the key is over its rate; 503 with
 * Retry-After when Kafka or the registry is down, or this instance has its maximum of batches in
 * progress, in which case nothing of the batch may be assumed accepted and it should be retried. Everything rejected is also in events.dlq with its original payload.
 */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
  public static final String NDJSON = "application/x-ndjson";
  private static final Logger LOG = LoggerFactory.getLogger(EventsResource.class);

  private final EventIngestor ingestor;
  private final IngestLimits limits;
  private final RateLimiter rateLimiter;
  private final Admission admission;
  private final Clock clock;

  public EventsResource(EventIngestor ingestor, IngestLimits limits, RateLimiter rateLimiter, Admission admission,
      Clock clock) {
    this.ingestor = ingestor;
    this.limits = limits;
    this.rateLimiter = rateLimiter;
    this.admission = admission;
    this.clock = clock;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, NDJSON})
  @RolesAllowed({ApiKey.PRODUCER, ApiKey.ADMIN})
  public Response ingest(
      @Auth ApiKey key,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("X-Sent-At") String sentAtHeader,
      @Context HttpServletRequest request,
      InputStream body) {
    IngestContext context = new IngestContext(clock.instant(), null, key, request.getRemoteAddr());
    try {
      byte[] bytes = read(body, context);
      BatchParser.Batch batch = parse(bytes, contentType, context);
      context = new IngestContext(context.receivedAt(), sentAt(batch.sentAt(), sentAtHeader, bytes, context), key, context.clientHost());
      checkBatchSize(batch, bytes, context);
      checkRate(key, batch.items().size());
      IngestResponse result;
      try (Admission.Place place = admission.enter()) {
        result = ingestor.ingest(batch.items(), context);
      }
      boolean allRejected = result.accepted() == 0 && result.rejected() > 0;
      return Response.status(allRejected ? Response.Status.BAD_REQUEST : Response.Status.OK).entity(result).build();
    } catch (PublishFailedException e) {
      LOG.warn("Kafka did not acknowledge a batch from {}: {}", key.getName(), e.getMessage());
      throw ApiErrors.unavailable("events could not be written to Kafka; retry the batch: " + e.getMessage());
    } catch (Admission.AtCapacityException e) {
      throw ApiErrors.unavailable(e.getMessage() + "; nothing of this batch was accepted", Admission.AtCapacityException.RETRY_AFTER_SECONDS);
    } catch (RegistryUnavailableException e) {
      LOG.warn("Schema registry unavailable: {}", e.getMessage());
      throw ApiErrors.unavailable("the schema registry is unavailable; retry the batch");
    }
  }

  private byte[] read(InputStream body, IngestContext context) throws PublishFailedException {
    try {
      return BoundedBody.read(body, limits.maxRequestBytes());
    } catch (BoundedBody.TooLargeException e) {
      String reason = "the body is larger than the limit of " + limits.maxRequestBytes() + " bytes; split the batch";
      ingestor.rejectWhole(new String(e.prefix, StandardCharsets.UTF_8), ErrorType.OVERSIZE_EVENT, reason + " (payload truncated)", context);
      throw ApiErrors.tooLarge(reason);
    } catch (IOException e) {
      throw ApiErrors.badRequest("the body could not be read: " + e.getMessage());
    }
  }

  private BatchParser.Batch parse(byte[] bytes, String contentType, IngestContext context) throws PublishFailedException {
    if (contentType != null && contentType.startsWith(NDJSON)) {
      return BatchParser.parseNdjson(bytes);
    }
    try {
      return BatchParser.parseJson(bytes);
    } catch (BatchParser.MalformedBatchException e) {
      ingestor.rejectWhole(new String(bytes, StandardCharsets.UTF_8), ErrorType.MALFORMED_JSON, e.getMessage(), context);
      throw ApiErrors.badRequest(e.getMessage());
    }
  }

  private Long sentAt(JsonNode inBody, String header, byte[] bytes, IngestContext context) throws PublishFailedException {
    JsonNode value = inBody != null ? inBody : header == null ? null : parseHeader(header);
    try {
      return dev.pulse.api.ingest.EventRecordBuilder.timestamp(value, "sent_at");
    } catch (InvalidEventException e) {
      ingestor.rejectWhole(new String(bytes, StandardCharsets.UTF_8), e.type(), e.getMessage(), context);
      throw ApiErrors.badRequest(e.getMessage());
    }
  }

  private static JsonNode parseHeader(String header) {
    try {
      return com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return TextNode.valueOf(header.trim());
    }
  }

  private void checkBatchSize(BatchParser.Batch batch, byte[] bytes, IngestContext context) throws PublishFailedException {
    if (batch.items().size() > limits.maxEventsPerBatch()) {
      String reason = "the batch has " + batch.items().size() + " events; the limit is " + limits.maxEventsPerBatch() + ", split the batch";
      ingestor.rejectWhole(new String(bytes, StandardCharsets.UTF_8), ErrorType.OVERSIZE_EVENT, reason, context);
      throw ApiErrors.tooLarge(reason);
    }
  }

  private void checkRate(ApiKey key, int events) {
    if (events > rateLimiter.maxBatch(key)) {
      throw ApiErrors.tooLarge(
          "the batch has " + events + " events, more than this key's limit of " + rateLimiter.maxBatch(key)
              + " events per second; send smaller batches");
    }
    OptionalLong retryAfter = rateLimiter.acquire(key, events);
    if (retryAfter.isPresent()) {
      throw ApiErrors.tooManyRequests(
          "API key " + key.getName() + " is over its rate limit; retry after " + retryAfter.getAsLong() + " s",
          retryAfter.getAsLong());
    }
  }

}
