package dev.pulse.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchParserTest {

  @Test
  void eachEventKeepsItsOriginalText() throws Exception {
    BatchParser.Batch batch = BatchParser.parseJson(bytes(
        "{\"sent_at\": 1700000000000, \"events\": [ {\"a\": 1}, \"text\",{\"b\":[1, 2]} ]}"));

    assertThat(batch.sentAt().asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(batch.items()).extracting(BatchParser.Item::raw).containsExactly("{\"a\": 1}", "\"text\"", "{\"b\":[1, 2]}");
    assertThat(batch.items().get(1).node().isTextual()).isTrue();
  }

  @Test
  void aBodyThatIsNotABatchSaysWhy() {
    assertThatThrownBy(() -> BatchParser.parseJson(bytes("{\"events\": [ {\"a\": 1 ]}")))
        .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    assertThatThrownBy(() -> BatchParser.parseJson(bytes("[{\"a\": 1}]"))).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> BatchParser.parseJson(bytes("{\"event\": []}"))).hasMessageContaining("unknown field 'event'");
    assertThatThrownBy(() -> BatchParser.parseJson(bytes("{}"))).hasMessageContaining("no \"events\" array");
  }

  @Test
  void aMalformedNdjsonLineFailsAloneAtItsIndex() {
    BatchParser.Batch batch = BatchParser.parseNdjson(bytes("{\"a\":1}\n{\"b\":\n\n{\"c\":3}\n"));

    assertThat(batch.items()).hasSize(3);
    assertThat(batch.items().get(1).node()).isNull();
    assertThat(batch.items().get(1).parseError()).startsWith("not valid JSON");
    assertThat(batch.items().get(2).index()).isEqualTo(2);
    assertThat(batch.items().get(2).node().get("c").asInt()).isEqualTo(3);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
