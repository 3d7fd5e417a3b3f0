package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.Topics;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertRuleCodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The alert rules API over the real stack: PostgreSQL for rules and history, Kafka for the job. */
@ExtendWith(StackExtension.class)
class AlertRulesIT {

  @Test
  void aRuleIsCreatedReplacedPatchedAndDisabledWithEveryChangeInItsHistoryAndOnTheTopic(LocalStack stack)
      throws Exception {
    PulseApi api = new PulseApi(stack);
    String name = "checkout errors " + UUID.randomUUID();

    HttpResponse<String> created = send(api, "POST", "/v1/alert-rules", rule(name, 10));
    JsonNode rule = PulseApi.json(created);
    long id = rule.get("id").asLong();
    String ruleId = rule.get("rule_id").asText();
    HttpResponse<String> replaced = send(api, "PUT", "/v1/alert-rules/" + id, rule(name, 25));
    HttpResponse<String> disabled = send(api, "PATCH", "/v1/alert-rules/" + id, "{\"enabled\": false}");
    JsonNode fetched = PulseApi.json(api.get("/v1/alert-rules/" + id));
    JsonNode history = PulseApi.json(api.get("/v1/alert-rules/" + id + "/history")).get("changes");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/v1/alert-rules/" + ruleId));
    assertThat(UUID.fromString(ruleId)).isNotNull();
    assertThat(PulseApi.json(api.get("/v1/alert-rules/" + ruleId)).get("id").asLong()).isEqualTo(id); // either id finds it
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(fetched.get("enabled").asBoolean()).isFalse(); // soft-disabled, still there
    assertThat(fetched.get("threshold").asDouble()).isEqualTo(25);
    assertThat(fetched.get("version").asLong()).isEqualTo(3);
    assertThat(history).hasSize(3);
    assertThat(history.get(0).get("change").asText()).isEqualTo("created");
    assertThat(history.get(0).get("old_value").isNull()).isTrue();
    assertThat(history.get(1).get("old_value").get("threshold").asDouble()).isEqualTo(10);
    assertThat(history.get(1).get("new_value").get("threshold").asDouble()).isEqualTo(25);
    assertThat(history.get(2).get("new_value").get("enabled").asBoolean()).isFalse();
    assertThat(history.get(2).get("changed_by").asText()).startsWith("ak_").doesNotContain(api.adminKey()); // the key, never shown
    assertThat(send(api, "DELETE", "/v1/alert-rules/" + id, null).statusCode()).isEqualTo(405);

    AlertRule latest = latestOnTopic(stack, id);
    assertThat(latest.enabled()).isFalse();
    assertThat(latest.threshold()).isEqualTo(25);
    assertThat(latest.version()).isEqualTo(3);
  }

  @Test
  void badRulesAre400sThatSayWhatIsWrongAndOnlyAdminsManageRules(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Map<String, String> bad = Map.of(
        rule("x", 10).replace("\"event_count\"", "\"no_such_metric\""), "unknown metric 'no_such_metric'",
        rule("x", 10).replace("pagerduty://ROUTINGKEY1", "https://hooks.example.org"), "must be pagerduty://<channel or routing key>, slack://",
        rule("x", 10).replace("\"window_seconds\": 60", "\"window_seconds\": 2"), "window_seconds must be between 10 and 86400",
        rule("x", 10).replace("\"window_seconds\": 60", "\"window_seconds\": 999999"), "window_seconds must be between");

    for (Map.Entry<String, String> rule : bad.entrySet()) {
      HttpResponse<String> response = send(api, "POST", "/v1/alert-rules", rule.getKey());
      assertThat(response.statusCode()).as(rule.getValue()).isEqualTo(400);
      assertThat(PulseApi.json(response).get("message").asText()).contains(rule.getValue());
    }
    assertThat(api.get("/v1/alert-rules/999999999").statusCode()).isEqualTo(404);
    assertThat(api.send("POST", "/v1/alert-rules", rule("x", 1), "application/json", api.producerKey("web")).statusCode())
        .isEqualTo(403);
    assertThat(api.get("/v1/alert-rules", null).statusCode()).isEqualTo(401);
  }

  private static String rule(String name, double threshold) {
    ObjectNode rule = PulseApi.JSON.createObjectNode()
        .put("name", name).put("metric", "event_count").put("condition", "GREATER_THAN").put("threshold", threshold)
        .put("window_seconds", 60).put("for_seconds", 30).put("severity", "CRITICAL");
    rule.putObject("dimensions").put("event_type", "error");
    rule.putArray("channels").add("pagerduty://ROUTINGKEY1").add("slack://services/T0/B0/XYZ");
    // Keep the "key": value spacing the bad-input cases edit.
    return rule.toString().replace("\"window_seconds\":60", "\"window_seconds\": 60");
  }

  private static HttpResponse<String> send(PulseApi api, String method, String path, String body) throws Exception {
    return api.send(method, path, body, body == null ? null : "application/json", api.adminKey());
  }

  private static AlertRule latestOnTopic(LocalStack stack, long id) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(),
        "group.id", "it-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(Topics.ALERT_RULES.name()));
      AlertRule latest = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && (latest == null || latest.version() < 3)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (new String(record.key(), StandardCharsets.UTF_8).equals(Long.toString(id))) {
            latest = AlertRuleCodec.decode(record.value());
          }
        }
      }
      assertThat(latest).as("rule " + id + " on " + Topics.ALERT_RULES.name()).isNotNull();
      return latest;
    }
  }
}
