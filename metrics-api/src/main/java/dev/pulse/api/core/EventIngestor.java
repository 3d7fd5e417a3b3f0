package dev.pulse.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.api.api.IngestResponse;
import dev.pulse.api.api.IngestResponse.IngestError;
import dev.pulse.api.kafka.EventPublisher;
import dev.pulse.api.kafka.EventPublisher.PublishFailedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Validates a batch event by event and publishes the valid ones; one bad event never sinks the rest. */
public class EventIngestor {
  private final EventRecordBuilder builder;
  private final EventPublisher publisher;
  private final Clock clock;

  public EventIngestor(EventRecordBuilder builder, EventPublisher publisher, Clock clock) {
    this.builder = builder;
    this.publisher = publisher;
    this.clock = clock;
  }

  public IngestResponse ingest(List<JsonNode> events) throws PublishFailedException {
    Instant receivedAt = clock.instant();
    List<GenericRecord> valid = new ArrayList<>(events.size());
    List<IngestError> errors = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      try {
        valid.add(builder.build(events.get(i), receivedAt));
      } catch (InvalidEventException e) {
        errors.add(new IngestError(i, e.getMessage()));
      }
    }
    if (!valid.isEmpty()) {
      publisher.publish(valid);
    }
    return new IngestResponse(valid.size(), errors.size(), errors);
  }
}
