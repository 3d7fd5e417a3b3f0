package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The request and response examples of the product's design document, sent as they are printed
 * there, over the real stack. Our answers may add fields; every documented one must be there,
 * under its documented name.
 */
@ExtendWith(StackExtension.class)
class PublishedApiIT {
  private static final Duration WITHIN = Duration.ofSeconds(90);

  /** The document's event batch, verbatim. */
  private static final String EVENT_BATCH = """
      {
        "events": [
          {
            "source": "web",
            "event_type": "page_view",
            "user_id": "uuid-optional",
            "properties": { "page": "/checkout", "referrer": "google" },
            "client_timestamp": "2024-01-15T10:30:00Z"
          }
        ]
      }""";

  /** The document's rule, verbatim. */
  private static final String RULE = """
      { "metric_name": "error_rate", "condition": "GREATER_THAN", "threshold": 0.05, "window_seconds": 60,
        "notification_channel": "pagerduty://team-data-eng" }""";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theEventBatchIsAcceptedAndTheMetricReadAnswersWindowsWithTheirDimensions(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String tenant = "published-" + UUID.randomUUID().toString().substring(0, 8);
    // A key of source web whose events count for a tenant of this test's own, so the count is exact.
    String key = api.mintKey("web", null, tenant);

    HttpResponse<String> posted = api.send("POST", "/v1/events", EVENT_BATCH, "application/json", key);

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    JsonNode ingest = PulseApi.json(posted);
    assertThat(ingest.get("accepted").asInt()).isEqualTo(1);
    assertThat(ingest.get("rejected").asInt()).isZero();
    assertThat(ingest.get("errors")).isEmpty();

    // The document's read: a range and a dimensions=k:v,k:v filter, here on our own dimensions.
    Instant now = Instant.now();
    String read = "/v1/metrics/page_views?window_start=" + now.minus(Duration.ofMinutes(30))
        + "&window_end=" + now.plus(Duration.ofMinutes(5))
        + "&dimensions=" + URLEncoder.encode("source:web,properties.page:/checkout,tenant:" + tenant, StandardCharsets.UTF_8);
    JsonNode answer = await().atMost(WITHIN).ignoreExceptions()
        .until(() -> PulseApi.json(api.get(read)), a -> a.get("windows").size() == 1);

    assertThat(answer.get("metric_name").asText()).isEqualTo("page_views");
    JsonNode window = answer.get("windows").get(0);
    assertThat(window.get("value").asDouble()).isEqualTo(1);
    Instant start = Instant.parse(window.get("window_start").asText());
    assertThat(Instant.parse(window.get("window_end").asText())).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(start).isBetween(now.minus(Duration.ofMinutes(2)), now.plus(Duration.ofMinutes(1)));
    assertThat(PulseApi.JSON.convertValue(window.get("dimensions"), Map.class))
        .isEqualTo(Map.of("source", "web", "properties.page", "/checkout", "tenant", tenant));
    // Ours, beside the documented fields.
    assertThat(window.has("is_final")).isTrue();
    assertThat(window.get("event_count").asLong()).isEqualTo(1);
  }

  @Test
  void theRuleIsCreatedUpdatedAndDisabledWithTheDocumentsBodiesAndAnswers(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    createChannel(stack, "team-data-eng", "RK" + UUID.randomUUID().toString().replace("-", ""));

    HttpResponse<String> created = api.send("POST", "/v1/alert-rules", RULE, "application/json", api.adminKey());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode rule = PulseApi.json(created);
    String ruleId = rule.get("rule_id").asText();
    assertThat(UUID.fromString(ruleId)).isNotNull();
    assertThat(Instant.parse(rule.get("created_at").asText())).isBefore(Instant.now().plusSeconds(5));
    assertThat(rule.get("metric_name").asText()).isEqualTo("error_rate");
    assertThat(rule.get("notification_channel").asText()).isEqualTo("pagerduty://team-data-eng");
    assertThat(rule.get("name").asText()).isEqualTo("error_rate > 0.05 over 60 s"); // made, since none was given
    assertThat(rule.get("is_active").asBoolean()).isTrue();

    // PUT replaces the whole rule; the document's example shows only the field that changed.
    String changed = RULE.replace("0.05", "0.03");
    HttpResponse<String> updated = api.send("PUT", "/v1/alert-rules/" + ruleId, changed, "application/json", api.adminKey());
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    JsonNode update = PulseApi.json(updated);
    assertThat(update.get("rule_id").asText()).isEqualTo(ruleId);
    assertThat(Instant.parse(update.get("updated_at").asText())).isAfterOrEqualTo(Instant.parse(rule.get("created_at").asText()));
    assertThat(update.get("threshold").asDouble()).isEqualTo(0.03);
    HttpResponse<String> partialPut =
        api.send("PUT", "/v1/alert-rules/" + ruleId, "{ \"threshold\": 0.03 }", "application/json", api.adminKey());
    assertThat(partialPut.statusCode()).isEqualTo(400);
    assertThat(PulseApi.json(partialPut).get("message").asText())
        .contains("PUT replaces the whole rule (PATCH changes only the fields sent)", "metric_name is required");

    HttpResponse<String> disabled =
        api.send("PATCH", "/v1/alert-rules/" + ruleId, "{ \"enabled\": false }", "application/json", api.adminKey());
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    JsonNode patch = PulseApi.json(disabled);
    assertThat(patch.get("rule_id").asText()).isEqualTo(ruleId);
    assertThat(patch.get("enabled").asBoolean()).isFalse();
    assertThat(patch.get("is_active").asBoolean()).isFalse();
    assertThat(patch.get("threshold").asDouble()).isEqualTo(0.03); // the rest of the rule stays

    HttpResponse<String> reactivated =
        api.send("PATCH", "/v1/alert-rules/" + ruleId, "{ \"is_active\": true }", "application/json", api.adminKey());
    assertThat(PulseApi.json(reactivated).get("enabled").asBoolean()).isTrue();
    api.send("PATCH", "/v1/alert-rules/" + ruleId, "{ \"enabled\": false }", "application/json", api.adminKey());
  }

  @Test
  void theShortConditionsWorkAndAMissingChannelIsA400ThatSaysSo(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    createChannel(stack, "team-data-eng", "RK" + UUID.randomUUID().toString().replace("-", ""));

    for (String condition : new String[] {"LESS_THAN", "gt", "lt", "eq"}) {
      String body = RULE.replace("GREATER_THAN", condition).replace("0.05", "1000000");
      HttpResponse<String> created = api.send("POST", "/v1/alert-rules", body, "application/json", api.adminKey());
      assertThat(created.statusCode()).as(condition + ": " + created.body()).isEqualTo(201);
      String ruleId = PulseApi.json(created).get("rule_id").asText();
      api.send("PATCH", "/v1/alert-rules/" + ruleId, "{\"enabled\": false}", "application/json", api.adminKey());
    }
    HttpResponse<String> missing = api.send("POST", "/v1/alert-rules",
        RULE.replace("team-data-eng", "team-nobody"), "application/json", api.adminKey());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(PulseApi.json(missing).get("message").asText())
        .contains("no notification channel named 'team-nobody'", "POST /v1/channels");
  }

  /** Creates a named channel on the scheduler; one that exists already keeps its key. */
  private void createChannel(LocalStack stack, String name, String routingKey) throws Exception {
    String body = PulseApi.JSON.createObjectNode().put("name", name).put("pagerduty_routing_key", routingKey).toString();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(stack.schedulerUrl().resolve("/v1/channels"))
        .header("Authorization", "Bearer " + stack.schedulerToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
  }
}
