package dev.pulse.flink.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.contract.events.EventSchemas;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaDeadLettersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keyed by event_id, as the API writes events.raw. */
  private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>(
      "events.raw", 3, 42, "id-7".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 9, 1});

  @Test
  void aDecodedEventNamesItsOwnTypeAndIdNotTheKey() throws Exception {
    GenericRecord event = new GenericData.Record(EventSchemas.load().schemaFor("page_view"));
    event.put("event_id", "evt-1");
    event.put("event_type", "page_view");

    JsonNode letter = JSON.readTree(KafkaDeadLetters.of(RECORD, ErrorType.UNARCHIVABLE, "why", event));

    assertThat(letter.get("event_type").asText()).isEqualTo("page_view");
    assertThat(letter.get("event_id").asText()).isEqualTo("evt-1");
    assertThat(letter.get("producer_host").asText()).isEqualTo("events.raw-3@42");
  }

  @Test
  void anUndecodableRecordNamesNeitherAndKeepsItsBytes() throws Exception {
    JsonNode letter = JSON.readTree(KafkaDeadLetters.of(RECORD, ErrorType.UNDECODABLE, "not Avro"));

    assertThat(letter.has("event_type")).isFalse();
    assertThat(letter.has("event_id")).isFalse();
    assertThat(letter.get("payload").asText()).isEqualTo("AAAAAAkB");
  }
}
