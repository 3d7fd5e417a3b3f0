package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events rejected for a missing schema are replayed once it is registered, and counted once. */
@ExtendWith(StackExtension.class)
class DeadLetterReplayIT {

  @Test
  void replayingAfterTheFixCountsTheEventsOnceHoweverOftenItRuns(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "replay-" + UUID.randomUUID();
    String eventType = "signup_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    ArrayNode signups = PulseApi.JSON.createArrayNode();
    for (int i = 0; i < 5; i++) {
      ObjectNode event = PulseApi.JSON.createObjectNode().put("event_type", eventType).put("source", source);
      event.putObject("properties").put("plan", "pro");
      signups.add(event);
    }
    HttpResponse<String> rejected = api.postEvents(signups);
    assertThat(rejected.statusCode()).isEqualTo(400);
    IngestionIT.awaitDeadLetter(api, source);

    HttpResponse<String> registered = api.send("POST", "/v1/schemas/" + eventType,
        "{\"type\":\"record\",\"name\":\"" + eventType + "_properties\",\"fields\":[{\"name\":\"plan\",\"type\":\"string\"}]}",
        "application/json", api.adminKey());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    JsonNode first = replay(api);
    JsonNode second = replay(api);

    assertThat(first.get("replayed").asInt()).isGreaterThanOrEqualTo(5);
    assertThat(second.get("replayed").asInt()).isGreaterThanOrEqualTo(5);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + source + ",event_type:" + eventType) >= 5);
    // A later event of the same partition being counted means both replays were processed before it.
    api.postEvents(PulseApi.JSON.createArrayNode().add(signups.get(0).deepCopy()));
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + source + ",event_type:" + eventType) >= 6);
    assertThat(api.total("event_count", "source:" + source + ",event_type:" + eventType)).isEqualTo(6);
  }

  private static JsonNode replay(PulseApi api) throws Exception {
    HttpResponse<String> response =
        api.send("POST", "/v1/dlq/replay", "{\"error_types\":[\"unknown_event_type\"]}", "application/json", api.adminKey());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return PulseApi.json(response);
  }
}
