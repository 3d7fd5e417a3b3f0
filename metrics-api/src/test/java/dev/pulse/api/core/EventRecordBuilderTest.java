package dev.pulse.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.events.EventSchemas;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventRecordBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");
  private static final EventSchemas CONTRACT = EventSchemas.load();

  /** The registry's answers, played by the contract's own schemas. */
  private final EventRecordBuilder builder =
      new EventRecordBuilder(
          eventType ->
              EventSchemas.EVENT_TYPES.contains(eventType)
                  ? Optional.of(CONTRACT.schemaFor(eventType))
                  : Optional.empty());

  @Test
  void aValidEventGetsServerTimestampAndAGeneratedEventId() throws Exception {
    GenericRecord record =
        build("{\"event_type\":\"page_view\",\"source\":\"web\",\"properties\":{\"page\":\"/home\"}}");

    assertThat(record.get("server_timestamp")).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(record.get("event_id").toString()).hasSize(36);
    assertThat(((GenericRecord) record.get("properties")).get("page")).isEqualTo("/home");
    assertThat(((GenericRecord) record.get("properties")).get("referrer")).isNull();
  }

  @Test
  void theProducersEventIdAndClientTimestampAreKept() throws Exception {
    GenericRecord record =
        build(
            "{\"event_id\":\"e-1\",\"event_type\":\"purchase\",\"source\":\"ios\","
                + "\"client_timestamp\":\"2026-11-24T09:59:58Z\","
                + "\"properties\":{\"amount\":12.5,\"currency\":\"EUR\"}}");

    assertThat(record.get("event_id")).isEqualTo("e-1");
    assertThat(record.get("client_timestamp")).isEqualTo(RECEIVED.minusSeconds(2).toEpochMilli());
    assertThat(((GenericRecord) record.get("properties")).get("amount")).isEqualTo(12.5);
  }

  @Test
  void eachBadInputGetsAReasonNamingTheField() {
    assertReason("[]", "an event must be a JSON object");
    assertReason("{\"source\":\"web\"}", "event_type is required");
    assertReason("{\"event_type\":\"signup\",\"source\":\"web\"}", "unknown event_type 'signup'");
    assertReason("{\"event_type\":\"Page View\",\"source\":\"web\"}", "is not a valid name");
    assertReason("{\"event_type\":\"page_view\",\"properties\":{\"page\":\"/\"}}", "source is required");
    assertReason(
        "{\"event_type\":\"page_view\",\"source\":\"web\",\"properties\":{}}",
        "properties.page is required");
    assertReason(
        "{\"event_type\":\"page_view\",\"source\":\"web\",\"properties\":{\"page\":\"/\",\"pgae\":1}}",
        "properties.pgae is not a field of page_view_properties");
    assertReason(
        "{\"event_type\":\"purchase\",\"source\":\"web\",\"properties\":{\"amount\":\"12\",\"currency\":\"EUR\"}}",
        "properties.amount must be a number, got string");
    assertReason(
        "{\"event_type\":\"page_view\",\"source\":\"web\",\"server_timestamp\":1,\"properties\":{\"page\":\"/\"}}",
        "'server_timestamp' is not an event field a producer may set");
    assertReason(
        "{\"event_type\":\"page_view\",\"source\":\"web\",\"client_timestamp\":\"yesterday\",\"properties\":{\"page\":\"/\"}}",
        "client_timestamp must be epoch milliseconds or an ISO-8601 instant");
    assertReason(
        "{\"event_type\":\"page_view\",\"source\":7,\"properties\":{\"page\":\"/\"}}",
        "source must be a string, got number");
  }

  private GenericRecord build(String json) throws Exception {
    return builder.build(JSON.readTree(json), RECEIVED);
  }

  private void assertReason(String json, String reason) {
    assertThatThrownBy(() -> build(json))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(reason);
  }

}
