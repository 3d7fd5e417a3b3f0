package dev.pulse.contract.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code events.dlq}: the original payload exactly as it arrived, and why and where it
 * failed. Written by metrics-api (rejected HTTP events) and by the pre-aggregation job (records it
 * cannot decode or process); read by the DLQ tools.
 *
 * @param sourceTopic where the payload came from: {@code http} or a Kafka topic
 * @param payload the original bytes: UTF-8 text for HTTP input, base64 for Kafka records
 * @param payloadEncoding {@code utf8} or {@code base64}
 * @param eventId the event's id when known (assigned at ingest if the producer sent none), so a
 *     replay keeps it and the job's dedup counts a replayed event once
 * @param producerSource the source of the API key (HTTP) or of the record (Kafka), when known
 * @param producerTenant the producer key's default tenant (HTTP), so a replay files the event under it
 * @param producerHost the client address (HTTP) or the topic partition and offset (Kafka)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    String errorType,
    String errorMessage,
    String sourceTopic,
    long failedAt,
    String producerSource,
    String producerTenant,
    String producerHost,
    String eventId,
    String eventType,
    Integer batchIndex,
    Long sentAt,
    Long receivedAt,
    String payload,
    String payloadEncoding) {

  public static final String HTTP = "http";
  public static final String UTF8 = "utf8";
  public static final String BASE64 = "base64";
}
