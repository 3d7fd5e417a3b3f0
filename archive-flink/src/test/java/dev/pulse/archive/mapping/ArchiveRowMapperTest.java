package dev.pulse.archive.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.archive.mapping.ArchiveRowMapper.RecordOrigin;
import dev.pulse.contract.events.EventSchemas;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class ArchiveRowMapperTest {
  private static final String PROPERTIES = """
      {"type": "record", "name": "signup_properties", "fields": [
        {"name": "plan", "type": "string"},
        {"name": "seats", "type": ["null", "int"], "default": null},
        {"name": "referral", "type": ["null", {"type": "record", "name": "referral", "fields": [
          {"name": "code", "type": "string"}, {"name": "credit", "type": "double"}]}], "default": null}
      ]}""";

  @Test
  void theEnvelopeTheOriginAndEachPropertyBecomeTypedColumns() throws Exception {
    Schema writer = EventSchemas.withEnvelope("signup", PROPERTIES);
    ArchiveRowMapper mapper = ArchiveRowMapper.forSchema(writer);

    org.apache.iceberg.Schema schema = mapper.schema();
    assertThat(mapper.eventType()).isEqualTo("signup");
    assertThat(schema.findField("event_id").isRequired()).isTrue();
    assertThat(schema.findField("event_time").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findField("kafka_offset").type()).isEqualTo(Types.LongType.get());
    assertThat(schema.findField("plan").isOptional()).isTrue();
    assertThat(schema.findField("seats").type()).isEqualTo(Types.IntegerType.get());
    assertThat(schema.findField("referral.credit").type()).isEqualTo(Types.DoubleType.get());
    assertThat(mapper.spec().fields()).extracting(f -> f.transform().toString()).containsExactly("hour", "identity");

    GenericRecord referral = new GenericData.Record(writer.getField("properties").schema().getField("referral").schema().getTypes().get(1));
    referral.put("code", "FRIEND");
    referral.put("credit", 5.0);
    GenericRecord properties = new GenericData.Record(writer.getField("properties").schema());
    properties.put("plan", "pro");
    properties.put("referral", referral);
    GenericRecord event = new GenericRecordBuilder(writer)
        .set("event_id", "e-1").set("event_type", "signup").set("source", "web")
        .set("server_timestamp", 1_000_000L).set("properties", properties).build();

    GenericRowData row = mapper.toRow(event, new RecordOrigin(3, 42L, 7, 2, 2_000_000L));

    assertThat(row.getField(position(schema, "event_id"))).isEqualTo(StringData.fromString("e-1"));
    // No event_time in the record: the event happened at server_timestamp.
    assertThat(row.getField(position(schema, "event_time"))).isEqualTo(TimestampData.fromEpochMillis(1_000_000L));
    assertThat(row.getField(position(schema, "kafka_partition"))).isEqualTo(3);
    assertThat(row.getField(position(schema, "kafka_offset"))).isEqualTo(42L);
    assertThat(row.getField(position(schema, "schema_version"))).isEqualTo(2);
    assertThat(row.getField(position(schema, "plan"))).isEqualTo(StringData.fromString("pro"));
    assertThat(row.getField(position(schema, "seats"))).isNull();
    RowData nested = (RowData) row.getField(position(schema, "referral"));
    assertThat(nested.getString(0)).isEqualTo(StringData.fromString("FRIEND"));
    assertThat(nested.getDouble(1)).isEqualTo(5.0);
  }

  @Test
  void aPropertyNamedLikeAnArchiveColumnOrOfAnUnmappedTypeIsRefusedWithItsName() {
    Schema clash = EventSchemas.withEnvelope("clash", """
        {"type": "record", "name": "clash_properties", "fields": [{"name": "kafka_offset", "type": "long"}]}""");
    Schema array = EventSchemas.withEnvelope("tags", """
        {"type": "record", "name": "tags_properties", "fields": [{"name": "tags", "type": {"type": "array", "items": "string"}}]}""");

    assertThatThrownBy(() -> ArchiveRowMapper.forSchema(clash))
        .isInstanceOf(UnmappableSchemaException.class)
        .hasMessageContaining("'kafka_offset'");
    assertThatThrownBy(() -> ArchiveRowMapper.forSchema(array))
        .isInstanceOf(UnmappableSchemaException.class)
        .hasMessageContaining("tags is an Avro ARRAY");
  }

  private static int position(org.apache.iceberg.Schema schema, String column) {
    return schema.columns().indexOf(schema.findField(column));
  }
}
