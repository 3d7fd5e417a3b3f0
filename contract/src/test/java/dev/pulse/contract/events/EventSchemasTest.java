package dev.pulse.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class EventSchemasTest {
  private final EventSchemas schemas = EventSchemas.load();

  @Test
  void everyEventTypeIsTheEnvelopePlusItsProperties() {
    for (String type : EventSchemas.EVENT_TYPES) {
      Schema schema = schemas.schemaFor(type);
      assertThat(schema.getFullName()).isEqualTo("pulse.events." + type);
      assertThat(schema.getFields())
          .extracting(Schema.Field::name)
          .containsExactly(
              "event_id",
              "event_type",
              "source",
              "user_id",
              "tenant",
              "server_timestamp",
              "client_timestamp",
              "event_time",
              "sent_at",
              "event_time_clamped",
              "properties");
    }
  }

  @Test
  void pageViewRequiresPageAndKeepsReferrerAndSessionOptional() {
    Schema properties = schemas.schemaFor("page_view").getField("properties").schema();
    assertThat(properties.getField("page").schema().getType()).isEqualTo(Schema.Type.STRING);
    assertThat(properties.getField("referrer").schema().isNullable()).isTrue();
    assertThat(properties.getField("session_id").schema().isNullable()).isTrue();
  }

  @Test
  void purchaseAndErrorCarryTheirSeedFields() {
    assertThat(schemas.schemaFor("purchase").getField("properties").schema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("amount", "currency");
    assertThat(schemas.schemaFor("error").getField("properties").schema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("service", "code", "message");
  }

  @Test
  void subjectIsTheRecordFullName() {
    assertThat(EventSchemas.subjectFor("purchase"))
        .isEqualTo(schemas.schemaFor("purchase").getFullName());
  }

  @Test
  void unknownEventTypeIsNamedInTheError() {
    assertThatThrownBy(() -> schemas.schemaFor("signup")).hasMessageContaining("'signup'");
  }
}
