package dev.pulse.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.events.EventSchemas;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

  @Test
  void writesMagicByteSchemaIdAndTheAvroRecord() throws Exception {
    Schema schema = EventSchemas.load().schemaFor("purchase");
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    properties.put("amount", 12.5);
    properties.put("currency", "EUR");
    GenericRecord record = new GenericRecordBuilder(schema)
        .set("event_id", "e-1").set("event_type", "purchase").set("source", "web")
        .set("server_timestamp", 1_700_000_000_000L).set("properties", properties).build();

    byte[] bytes = AvroWireFormat.encode(record, 513);

    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(513);
    GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertThat(decoded.get("event_id").toString()).isEqualTo("e-1");
    assertThat(((GenericRecord) decoded.get("properties")).get("amount")).isEqualTo(12.5);
  }
}
