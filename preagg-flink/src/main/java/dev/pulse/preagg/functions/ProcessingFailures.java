package dev.pulse.preagg.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.DeadLetterCodec;
import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.aggregation.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A dead letter for an event the job decoded but failed to process, with the event as JSON. */
final class ProcessingFailures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProcessingFailures() {}

  static String deadLetter(RawEvent event, RuntimeException failure) {
    DeadLetter letter =
        new DeadLetter(
            ErrorType.PROCESSING_FAILED.label(), failure.toString(), "events.raw", System.currentTimeMillis(),
            event.source, event.tenant, null, event.eventId, event.eventType, null, null, event.eventTime, asJson(event), DeadLetter.UTF8);
    return new String(DeadLetterCodec.encode(letter), StandardCharsets.UTF_8);
  }

  private static String asJson(RawEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event_id", event.eventId);
    fields.put("event_type", event.eventType);
    fields.put("source", event.source);
    fields.put("user_id", event.userId);
    fields.put("tenant", event.tenant);
    fields.put("event_time", event.eventTime);
    fields.put("properties", event.properties);
    try {
      return JSON.writeValueAsString(fields);
    } catch (Exception e) {
      return String.valueOf(fields);
    }
  }
}
