package dev.pulse.contract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyErrorMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  record Rule(@JsonProperty("threshold") Double threshold, @JsonProperty("channels") List<String> channels,
      @JsonProperty("enabled") Boolean enabled) {}

  @Test
  void aFieldOfTheWrongTypeIsNamedWithTheTypeItWantsAndNotItsValue() {
    assertThat(message("{\"threshold\": \"R0UT1NGKEY\"}")).isEqualTo("field 'threshold' must be a number");
    assertThat(message("{\"channels\": {\"a\": 1}}")).isEqualTo("field 'channels' must be a list");
    assertThat(message("{\"channels\": [[\"x\"]]}")).isEqualTo("field 'channels[0]' must be a string");
    assertThat(message("{\"enabled\": \"perhaps\"}")).isEqualTo("field 'enabled' must be true or false");
  }

  @Test
  void brokenJsonSaysWhereAndAnUnknownFieldIsNamed() {
    assertThat(message("{\"threshold\": 1,")).startsWith("the body is not valid JSON (line 1, column");
    assertThat(message("{\"thresold\": 1}")).isEqualTo("unknown field 'thresold'");
    assertThat(message("[1]")).startsWith("the body is not the JSON object this call takes");
  }

  private static String message(String body) {
    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(body, Rule.class));
    return JsonBodyErrorMapper.message(e);
  }
}
