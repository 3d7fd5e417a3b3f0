package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A product team evolves page_view while its producers still send v1: the topic holds both, the
 * job reads both without a restart, and every event is counted once. An incompatible v3 is refused.
 */
@ExtendWith(StackExtension.class)
class SchemaEvolutionIT {
  private static final String V2_PROPERTIES = """
      {"type": "record", "name": "page_view_properties", "fields": [
        {"name": "page", "type": "string"},
        {"name": "referrer", "type": ["null", "string"], "default": null},
        {"name": "session_id", "type": ["null", "string"], "default": null},
        {"name": "campaign", "type": ["null", "string"], "default": null}
      ]}""";

  private static final String INCOMPATIBLE_V3 = """
      {"type": "record", "name": "page_view_properties", "fields": [
        {"name": "page", "type": "long"},
        {"name": "campaign", "type": ["null", "string"], "default": null}
      ]}""";

  @Test
  void aV1AndV2MixIsCountedExactlyAndAnIncompatibleV3IsRefused(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "evolve-" + UUID.randomUUID();
    long jobStarted = new FlinkRest(stack).runningJobStartTime();

    HttpResponse<String> v2 = api.send("POST", "/v1/schemas/page_view", V2_PROPERTIES, "application/json", api.adminKey());
    assertThat(v2.statusCode()).as(v2.body()).isEqualTo(201);

    // v2 events over HTTP (the API validates against the newest schema within its cache TTL).
    ArrayNode withCampaign = PulseApi.batch(30, source);
    withCampaign.forEach(e -> ((ObjectNode) e.get("properties")).put("campaign", "autumn"));
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
        .until(() -> api.postEvents(withCampaign.deepCopy().removeAll().add(withCampaign.get(0))).statusCode() == 200);
    assertThat(api.postEvents(withCampaign).statusCode()).isEqualTo(200);
    // v1 events over HTTP (still valid under v2) and v1 Avro straight to Kafka from a producer not yet upgraded.
    assertThat(api.postEvents(PulseApi.batch(20, source)).statusCode()).isEqualTo(200);
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 25; i++) {
        producer.send(DirectProducer.pageView(null, source, Instant.now()));
      }
      producer.flush();
    }

    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> api.total("event_count", "source:" + source) >= 76);
    assertThat(api.total("event_count", "source:" + source)).isEqualTo(1 + 30 + 20 + 25);
    assertThat(new FlinkRest(stack).runningJobStartTime()).isEqualTo(jobStarted);

    HttpResponse<String> v3 = api.send("POST", "/v1/schemas/page_view", INCOMPATIBLE_V3, "application/json", api.adminKey());
    assertThat(v3.statusCode()).isEqualTo(409);
    assertThat(PulseApi.json(v3).get("message").asText()).contains("Incompatible").contains("pulse.events.page_view");
  }
}
