package dev.pulse.contract.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateRecordTest {

  @Test
  void dimsHashIgnoresMapOrderButNotValues() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("source", "web");
    ab.put("event_type", "page_view");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("event_type", "page_view");
    ba.put("source", "web");

    assertThat(DimsHash.of(ab)).isEqualTo(DimsHash.of(ba)).hasSize(16);
    assertThat(DimsHash.of(ab)).isNotEqualTo(DimsHash.of(Map.of("source", "web")));
    // Concatenation must not collide: {a: "bc"} vs {ab: "c"}.
    assertThat(DimsHash.of(Map.of("a", "bc"))).isNotEqualTo(DimsHash.of(Map.of("ab", "c")));
  }

  @Test
  void keyIsThePinotPrimaryKey() {
    AggregateRecord record = sample();

    assertThat(new String(AggregateCodec.key(record), StandardCharsets.UTF_8))
        .isEqualTo("event_count|60000|120000|" + DimsHash.of(record.dims()));
  }

  @Test
  void valueIsSnakeCaseJsonThatRoundTrips() throws Exception {
    AggregateRecord record = sample();

    JsonNode json = new ObjectMapper().readTree(AggregateCodec.value(record));

    assertThat(json.get("window_start").asLong()).isEqualTo(60_000L);
    assertThat(json.get("dims_hash").asText()).isEqualTo(record.dimsHash());
    assertThat(json.get("is_final").asBoolean()).isTrue();
    assertThat(json.get("dims").get("source").asText()).isEqualTo("web");
    assertThat(json.get("window_spec").asText()).isEqualTo("1m");
    assertThat(json.get("sketch").isNull()).isTrue();
    assertThat(AggregateCodec.decode(AggregateCodec.value(record))).isEqualTo(record);
  }

  @Test
  void sketchBytesTravelAsHexForPinotsBytesColumn() throws Exception {
    AggregateRecord record =
        AggregateRecord.of(
            "unique_users", "1m", 0, 60_000, Map.of(),
            new AggregateRecord.Values(2, 2, 1, new byte[] {0x0a, (byte) 0xff}, 2), 1, false, 0);

    JsonNode json = new ObjectMapper().readTree(AggregateCodec.value(record));

    assertThat(json.get("sketch").asText()).isEqualTo("0aff");
    assertThat(AggregateCodec.decode(AggregateCodec.value(record)).sketch()).containsExactly(0x0a, 0xff);
  }

  private static AggregateRecord sample() {
    return AggregateRecord.of(
        "event_count",
        "1m",
        60_000L,
        120_000L,
        Map.of("source", "web", "event_type", "page_view"),
        AggregateRecord.Values.count(42),
        3,
        true,
        130_000L);
  }
}
