package dev.pulse.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.contract.events.EventSchemas;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventRecordBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");
  private static final EventSchemas CONTRACT = EventSchemas.load();
  private static final IngestLimits LIMITS =
      new IngestLimits(5_000_000, 1000, 32_768, Duration.ofMinutes(5), Duration.ofDays(7));
  private static final ApiKey WEB = new ApiKey(1, "pk_test", ApiKey.PRODUCER, "web", "acme", null);

  /** The registry's answers, played by the contract's own schemas. */
  private final EventRecordBuilder builder =
      new EventRecordBuilder(
          eventType ->
              EventSchemas.EVENT_TYPES.contains(eventType)
                  ? Optional.of(new LatestEventSchemas.EventSchema(CONTRACT.schemaFor(eventType), 7))
                  : Optional.empty(),
          LIMITS);

  @Test
  void aValidEventGetsTheServerTimesAndTheKeysSource() throws Exception {
    GenericRecord record = build("{\"event_type\":\"page_view\",\"properties\":{\"page\":\"/home\"}}", null);

    assertThat(record.get("server_timestamp")).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(record.get("event_time")).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(record.get("source")).isEqualTo("web");
    assertThat(record.get("event_id")).isEqualTo("id-1");
    assertThat(((GenericRecord) record.get("properties")).get("page")).isEqualTo("/home");
  }

  @Test
  void anEventBelongsToItsOwnTenantElseToItsKeysDefaultTenant() throws Exception {
    GenericRecord unnamed = build("{\"event_type\":\"page_view\",\"properties\":{\"page\":\"/\"}}", null);
    GenericRecord named = build("{\"event_type\":\"page_view\",\"tenant\":\"globex\",\"properties\":{\"page\":\"/\"}}", null);

    assertThat(unnamed.get("tenant")).isEqualTo("acme");
    assertThat(named.get("tenant")).isEqualTo("globex");
    assertRejected("{\"event_type\":\"page_view\",\"tenant\":\"a b\",\"properties\":{\"page\":\"/\"}}",
        ErrorType.INVALID_VALUE, "tenant 'a b' must match");
  }

  @Test
  void eventTimeIsCorrectedForTheClientsClockSkew() throws Exception {
    // The client's clock runs 10 minutes fast; the event happened 30 s before it was sent.
    long sentAt = RECEIVED.plus(Duration.ofMinutes(10)).toEpochMilli();
    long clientTime = sentAt - 30_000;

    GenericRecord record = build(
        "{\"event_type\":\"page_view\",\"client_timestamp\":" + clientTime + ",\"properties\":{\"page\":\"/\"}}", sentAt);

    assertThat(record.get("event_time")).isEqualTo(RECEIVED.toEpochMilli() - 30_000);
    assertThat(record.get("client_timestamp")).isEqualTo(clientTime);
    assertThat(record.get("sent_at")).isEqualTo(sentAt);
    assertThat(record.get("event_time_clamped")).isEqualTo(false);
  }

  @Test
  void aMobileBatchFlushedTwoHoursLateKeepsItsEventTime() throws Exception {
    long sentAt = RECEIVED.toEpochMilli();
    long clientTime = sentAt - Duration.ofHours(2).toMillis();

    GenericRecord record = build(
        "{\"event_type\":\"page_view\",\"client_timestamp\":" + clientTime + ",\"properties\":{\"page\":\"/\"}}", sentAt);

    assertThat(record.get("event_time")).isEqualTo(RECEIVED.toEpochMilli() - Duration.ofHours(2).toMillis());
  }

  @Test
  void aFutureEventTimeIsClampedAndFlagged() throws Exception {
    long sentAt = RECEIVED.toEpochMilli();
    long clientTime = sentAt + Duration.ofHours(1).toMillis(); // after it was sent: impossible

    GenericRecord record = build(
        "{\"event_type\":\"page_view\",\"client_timestamp\":" + clientTime + ",\"properties\":{\"page\":\"/\"}}", sentAt);

    assertThat(record.get("event_time")).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(record.get("event_time_clamped")).isEqualTo(true);
  }

  @Test
  void eachBadInputGetsItsTypeAndAReasonNamingTheField() {
    assertRejected("[]", ErrorType.WRONG_TYPE, "an event must be a JSON object");
    assertRejected("{\"source\":\"web\"}", ErrorType.MISSING_FIELD, "event_type is required");
    assertRejected("{\"event_type\":\"signup\"}", ErrorType.UNKNOWN_EVENT_TYPE, "unknown event_type 'signup'");
    assertRejected("{\"event_type\":\"page_view\",\"properties\":{}}", ErrorType.MISSING_FIELD, "properties.page is required");
    assertRejected("{\"event_type\":\"page_view\",\"properties\":{\"page\":\"/\",\"pgae\":1}}",
        ErrorType.UNKNOWN_FIELD, "properties.pgae is not a field of page_view_properties");
    assertRejected("{\"event_type\":\"purchase\",\"properties\":{\"amount\":\"12\",\"currency\":\"EUR\"}}",
        ErrorType.WRONG_TYPE, "properties.amount must be a number, got string");
    assertRejected("{\"event_type\":\"page_view\",\"server_timestamp\":1,\"properties\":{\"page\":\"/\"}}",
        ErrorType.UNKNOWN_FIELD, "'server_timestamp' is not an event field a producer may set");
    assertRejected("{\"event_type\":\"page_view\",\"client_timestamp\":\"yesterday\",\"properties\":{\"page\":\"/\"}}",
        ErrorType.INVALID_VALUE, "client_timestamp must be epoch milliseconds or an ISO-8601 instant");
    assertRejected("{\"event_type\":\"page_view\",\"source\":\"ios\",\"properties\":{\"page\":\"/\"}}",
        ErrorType.SOURCE_NOT_ALLOWED, "writes events of source 'web', not 'ios'");
    assertRejected("{\"event_type\":\"page_view\",\"event_id\":7,\"properties\":{\"page\":\"/\"}}",
        ErrorType.INVALID_VALUE, "event_id must be a string");
  }

  @Test
  void anEventOlderThanTheMaximumAgeIsRejected() {
    long sentAt = RECEIVED.toEpochMilli();
    long clientTime = sentAt - Duration.ofDays(8).toMillis();

    InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> build(
        "{\"event_type\":\"page_view\",\"client_timestamp\":" + clientTime + ",\"properties\":{\"page\":\"/\"}}", sentAt));

    assertThat(e.type()).isEqualTo(ErrorType.EVENT_TOO_OLD);
    assertThat(e.getMessage()).contains("older than 7 days");
  }

  private GenericRecord build(String json, Long sentAt) throws Exception {
    ValidEvent event = builder.build(JSON.readTree(json), "id-1", new IngestContext(RECEIVED, sentAt, WEB, "127.0.0.1"));
    assertThat(event.schemaId()).isEqualTo(7);
    return event.record();
  }

  private void assertRejected(String json, ErrorType type, String reason) {
    InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> build(json, null));
    assertThat(e).as(json).isNotNull();
    assertThat(e.type()).as(json).isEqualTo(type);
    assertThat(e.getMessage()).as(json).contains(reason);
  }
}
