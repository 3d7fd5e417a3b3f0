package dev.pulse.api.ingest;

import dev.pulse.api.api.IngestResponse.IngestError;
import dev.pulse.api.api.IngestResponse;
import dev.pulse.api.kafka.DeadLetterPublisher;
import dev.pulse.api.kafka.EventPublisher;
import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.api.kafka.KafkaAcks;
import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Validates a batch event by event: valid events go to events.raw, rejected ones to events.dlq
 * with their original payload, and the answer lists each rejection at its index. One bad event
 * never sinks the rest. The call returns only when Kafka has acknowledged both.
 */
public class EventIngestor {
  private final EventRecordBuilder builder;
  private final EventPublisher events;
  private final DeadLetterPublisher deadLetters;
  private final IngestLimits limits;
  private final Duration ackTimeout;
  private final IngestMetrics metrics;

  public EventIngestor(
      EventRecordBuilder builder, EventPublisher events, DeadLetterPublisher deadLetters, IngestLimits limits,
      Duration ackTimeout, IngestMetrics metrics) {
    this.builder = builder;
    this.events = events;
    this.deadLetters = deadLetters;
    this.limits = limits;
    this.ackTimeout = ackTimeout;
    this.metrics = metrics;
  }

  public IngestResponse ingest(List<BatchParser.Item> items, IngestContext context) throws PublishFailedException {
    List<ValidEvent> valid = new ArrayList<>(items.size());
    List<IngestError> errors = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    List<ErrorType> rejectedTypes = new ArrayList<>();
    for (BatchParser.Item item : items) {
      String eventId = EventRecordBuilder.eventIdOf(item.node());
      try {
        valid.add(builder.build(checked(item), eventId, context));
      } catch (InvalidEventException e) {
        errors.add(new IngestError(item.index(), e.getMessage(), e.type().label()));
        rejected.add(deadLetter(item, eventId, e.type(), e.getMessage(), context));
        rejectedTypes.add(e.type());
      }
    }
    List<Future<?>> acks = new ArrayList<>(events.send(valid));
    acks.addAll(deadLetters.send(rejected));
    KafkaAcks.await(acks, ackTimeout);
    // Counted once Kafka has them: a batch answered 503 was neither accepted nor dead-lettered.
    metrics.accepted(sourceOf(context), valid.size());
    rejectedTypes.forEach(metrics::deadLettered);
    return new IngestResponse(valid.size(), errors.size(), errors);
  }

  /** Rejects a whole request (a malformed or over-limit body) into the DLQ, then returns. */
  public void rejectWhole(String body, ErrorType type, String reason, IngestContext context) throws PublishFailedException {
    DeadLetter letter =
        new DeadLetter(
            type.label(), reason, DeadLetter.HTTP, context.receivedAt().toEpochMilli(), sourceOf(context),
            tenantOf(context), context.clientHost(), null, null, null, context.sentAt(), context.receivedAt().toEpochMilli(), body, DeadLetter.UTF8);
    KafkaAcks.await(deadLetters.send(List.of(letter)), ackTimeout);
    metrics.deadLettered(type);
  }

  private com.fasterxml.jackson.databind.JsonNode checked(BatchParser.Item item) throws InvalidEventException {
    int bytes = item.raw().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxEventBytes()) {
      throw new InvalidEventException(
          ErrorType.OVERSIZE_EVENT, "the event is " + bytes + " bytes; the limit is " + limits.maxEventBytes());
    }
    if (item.node() == null) {
      throw new InvalidEventException(ErrorType.MALFORMED_JSON, item.parseError());
    }
    return item.node();
  }

  private static DeadLetter deadLetter(
      BatchParser.Item item, String eventId, ErrorType type, String reason, IngestContext context) {
    String eventType =
        item.node() != null && item.node().path("event_type").isTextual() ? item.node().get("event_type").asText() : null;
    return new DeadLetter(
        type.label(), reason, DeadLetter.HTTP, context.receivedAt().toEpochMilli(), sourceOf(context),
        tenantOf(context), context.clientHost(), eventId, eventType, item.index(), context.sentAt(), context.receivedAt().toEpochMilli(),
        item.raw(), DeadLetter.UTF8);
  }

  private static String sourceOf(IngestContext context) {
    return context.key() == null ? null : context.key().source();
  }

  private static String tenantOf(IngestContext context) {
    return context.key() == null ? null : context.key().tenant();
  }
}
