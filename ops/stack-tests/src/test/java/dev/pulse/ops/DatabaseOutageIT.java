package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL killed under the API: ingestion and reads go on with the keys it confirmed before,
 * what needs the database answers 503 with Retry-After, and a revocation made once it is back
 * applies within {@code apiKeys.checkEvery} (2 s on the test stack).
 */
@ExtendWith(StackExtension.class)
class DatabaseOutageIT {
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  @Test
  void whilePostgresIsDownKnownKeysIngestAndReadAndWhatNeedsItAnswers503(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "pg-outage-" + UUID.randomUUID();
    JsonNode issued = issueKey(api, source);
    String key = issued.get("key").asText();
    assertThat(post(api, source, key).statusCode()).isEqualTo(200);
    String neverUsed = issueKey(api, source + "-unused").get("key").asText();
    String token = api.mintToken("acme", java.util.List.of(), 600);

    stack.kill9("postgres");
    try {
      Thread.sleep(CHECK_EVERY.multipliedBy(2).toMillis()); // every key's last check is now stale

      HttpResponse<String> ingested = post(api, source, key);
      HttpResponse<String> read = api.get("/v1/metrics/event_count?dimensions=source:" + source);
      HttpResponse<String> readWithToken = api.get("/v1/metrics/event_count", token);
      HttpResponse<String> unknownKey = post(api, source, neverUsed);
      HttpResponse<String> keyIssue = api.send("POST", "/v1/keys", "{\"role\":\"producer\",\"source\":\"x\"}",
          "application/json", api.adminKey());
      HttpResponse<String> rules = api.get("/v1/alert-rules");

      assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(readWithToken.statusCode()).as(readWithToken.body()).isEqualTo(200);
      for (HttpResponse<String> refused : java.util.List.of(unknownKey, keyIssue, rules)) {
        assertThat(refused.statusCode()).as(refused.uri() + ": " + refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).as(refused.uri().toString()).isPresent();
        assertThat(PulseApi.json(refused).get("message").asText()).contains("retry");
      }
    } finally {
      stack.run("up");
    }

    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> api.get("/v1/alert-rules").statusCode() == 200);
    HttpResponse<String> revoked = api.send("DELETE", "/v1/keys/" + issued.get("id").asLong(), null, null, api.adminKey());
    assertThat(revoked.statusCode()).isEqualTo(204);
    await().atMost(CHECK_EVERY.multipliedBy(5)).pollInterval(Duration.ofMillis(500))
        .until(() -> post(api, source, key).statusCode() == 401);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + source) >= 10);
    assertThat(api.total("event_count", "source:" + source)).as("both batches, each once").isEqualTo(10);
  }

  private static JsonNode issueKey(PulseApi api, String source) throws Exception {
    HttpResponse<String> response = api.send("POST", "/v1/keys",
        PulseApi.JSON.createObjectNode().put("role", "producer").put("source", source).toString(),
        "application/json", api.adminKey());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return PulseApi.json(response);
  }

  private static HttpResponse<String> post(PulseApi api, String source, String key) throws Exception {
    String body = PulseApi.JSON.createObjectNode().set("events", PulseApi.batch(5, source)).toString();
    return api.send("POST", "/v1/events", body, "application/json", key);
  }
}
