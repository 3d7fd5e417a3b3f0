package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What producers see of ingestion, and what lands in events.dlq, on the real stack. */
@ExtendWith(StackExtension.class)
class IngestionIT {
  private static final Duration WITHIN = Duration.ofMinutes(2);

  @Test
  void anUnknownEventTypeIsRejectedAtItsIndexAndDeadLettered(LocalStack stack) throws Exception {
    assertRejectedAndDeadLettered(stack, base -> base.put("event_type", "no_such_type"),
        "unknown_event_type", "unknown event_type 'no_such_type'");
  }

  @Test
  void aMissingRequiredFieldIsRejectedAtItsIndexAndDeadLettered(LocalStack stack) throws Exception {
    assertRejectedAndDeadLettered(stack, base -> ((ObjectNode) base.get("properties")).remove("page"),
        "missing_field", "properties.page is required");
  }

  @Test
  void aWrongTypeIsRejectedAtItsIndexAndDeadLettered(LocalStack stack) throws Exception {
    assertRejectedAndDeadLettered(stack, base -> ((ObjectNode) base.get("properties")).put("page", 42),
        "wrong_type", "properties.page must be a string, got number");
  }

  @Test
  void anOversizeEventIsRejectedAtItsIndexAndDeadLettered(LocalStack stack) throws Exception {
    assertRejectedAndDeadLettered(stack, base -> ((ObjectNode) base.get("properties")).put("page", "x".repeat(40_000)),
        "oversize_event", "the limit is 32768");
  }

  @Test
  void aMalformedNdjsonLineIsRejectedAloneAndDeadLettered(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "ndjson-" + UUID.randomUUID();
    String marker = UUID.randomUUID().toString();
    String body = PulseApi.pageView(source, "/ok") + "\n{\"event_type\": \"page_view\", \"marker\": \"" + marker + "\"\n"
        + PulseApi.pageView(source, "/ok2") + "\n";

    HttpResponse<String> response = api.send("POST", "/v1/events", body, "application/x-ndjson", api.producerKey(source));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = PulseApi.json(response);
    assertThat(result.get("accepted").asInt()).isEqualTo(2);
    assertThat(result.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(result.get("errors").get(0).get("error_type").asText()).isEqualTo("malformed_json");
    JsonNode letter = awaitDeadLetter(api, marker);
    assertThat(letter.get("error_type").asText()).isEqualTo("malformed_json");
    assertThat(letter.get("batch_index").asInt()).isEqualTo(1);
  }

  @Test
  void aBodyThatIsNotJsonIsA400AndDeadLetteredWhole(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String marker = UUID.randomUUID().toString();
    String body = "{\"events\": [{\"event_type\": \"page_view\", \"x\": \"" + marker + "\"}";

    HttpResponse<String> response = api.send("POST", "/v1/events", body, "application/json", api.producerKey("web"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(PulseApi.json(response).get("message").asText()).contains("not valid JSON");
    assertThat(awaitDeadLetter(api, marker).get("payload").asText()).isEqualTo(body);
  }

  @Test
  void aBatchOverTheLimitIsA413AndDeadLettered(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "big-" + UUID.randomUUID();

    HttpResponse<String> response = api.postEvents(PulseApi.batch(1001, source));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(PulseApi.json(response).get("message").asText()).contains("the batch has 1001 events; the limit is 1000");
    assertThat(awaitDeadLetter(api, source).get("error_type").asText()).isEqualTo("oversize_event");
  }

  @Test
  void aKeyCannotWriteAnotherSourceOrReachAdminEndpointsOrGoWithoutAKey(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String webKey = api.producerKey("web");
    ArrayNode claimsIos = PulseApi.JSON.createArrayNode().add(PulseApi.pageView("ios", "/"));
    String body = PulseApi.JSON.createObjectNode().set("events", claimsIos).toString();

    HttpResponse<String> spoofed = api.send("POST", "/v1/events", body, "application/json", webKey);
    HttpResponse<String> anonymous = api.send("POST", "/v1/events", body, "application/json", null);
    HttpResponse<String> forged = api.send("POST", "/v1/events", body, "application/json", "pk_" + UUID.randomUUID());
    HttpResponse<String> admin = api.send("GET", "/v1/dlq", null, null, webKey);

    assertThat(spoofed.statusCode()).isEqualTo(400);
    assertThat(PulseApi.json(spoofed).get("errors").get(0).get("reason").asText())
        .isEqualTo("this API key writes events of source 'web', not 'ios'");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(admin.statusCode()).isEqualTo(403);
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "rate-" + UUID.randomUUID();
    String key = api.mintKey(source, 10);
    String batch = PulseApi.JSON.createObjectNode().set("events", PulseApi.batch(10, source)).toString();

    HttpResponse<String> first = api.send("POST", "/v1/events", batch, "application/json", key);
    HttpResponse<String> second = api.send("POST", "/v1/events", batch, "application/json", key);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
  }

  @Test
  void eventTimeIsCorrectedForClientClockSkew(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "skew-" + UUID.randomUUID();
    // The phone's clock is a day fast; the event happened 40 minutes before the batch was sent.
    Instant phoneNow = Instant.now().plus(Duration.ofDays(1));
    ObjectNode event = PulseApi.pageView(source, "/");
    event.put("client_timestamp", phoneNow.minus(Duration.ofMinutes(40)).toString());
    ObjectNode batch = PulseApi.JSON.createObjectNode().put("sent_at", phoneNow.toEpochMilli());
    batch.putArray("events").add(event);

    HttpResponse<String> response = api.send("POST", "/v1/events", batch.toString(), "application/json", api.producerKey(source));

    assertThat(response.statusCode()).isEqualTo(200);
    Instant expectedWindow = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.MINUTES);
    JsonNode served = await().atMost(WITHIN).ignoreExceptions()
        .until(() -> PulseApi.json(api.get("/v1/metrics/event_count?dimensions=source:" + source)), s -> s.get("total").asDouble() == 1);
    Instant window = Instant.parse(served.get("windows").get(0).get("window_start").asText());
    assertThat(Duration.between(window, expectedWindow).abs()).isLessThanOrEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anEventOlderThanSevenDaysIsRejectedAndDeadLettered(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "old-" + UUID.randomUUID();
    ObjectNode event = PulseApi.pageView(source, "/");
    event.put("client_timestamp", Instant.now().minus(Duration.ofDays(8)).toEpochMilli());
    ObjectNode batch = PulseApi.JSON.createObjectNode().put("sent_at", Instant.now().toEpochMilli());
    batch.putArray("events").add(event);

    HttpResponse<String> response = api.send("POST", "/v1/events", batch.toString(), "application/json", api.producerKey(source));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(PulseApi.json(response).get("errors").get(0).get("error_type").asText()).isEqualTo("event_too_old");
    assertThat(awaitDeadLetter(api, source).get("error_type").asText()).isEqualTo("event_too_old");
  }

  /** One valid event, one mutated: the valid one is accepted, the bad one answered and dead-lettered. */
  private static void assertRejectedAndDeadLettered(
      LocalStack stack, java.util.function.Consumer<ObjectNode> breakIt, String errorType, String reason) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "bad-" + UUID.randomUUID();
    ObjectNode bad = PulseApi.pageView(source, "/bad");
    breakIt.accept(bad);
    ArrayNode events = PulseApi.JSON.createArrayNode().add(PulseApi.pageView(source, "/good")).add(bad);

    HttpResponse<String> response = api.postEvents(events);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = PulseApi.json(response);
    assertThat(result.get("accepted").asInt()).isEqualTo(1);
    JsonNode error = result.get("errors").get(0);
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("error_type").asText()).isEqualTo(errorType);
    assertThat(error.get("reason").asText()).contains(reason);
    JsonNode letter = awaitDeadLetter(api, source);
    assertThat(letter.get("error_type").asText()).isEqualTo(errorType);
    assertThat(letter.get("error_message").asText()).contains(reason);
    assertThat(letter.get("source_topic").asText()).isEqualTo("http");
    assertThat(letter.get("producer_source").asText()).isEqualTo(source);
    assertThat(letter.get("producer_host").asText()).isNotBlank();
    assertThat(letter.get("failed_at").asLong()).isPositive();
    assertThat(PulseApi.JSON.readTree(letter.get("payload").asText())).isEqualTo(bad);
    await().atMost(WITHIN).ignoreExceptions().until(() -> api.total("event_count", "source:" + source) == 1);
  }

  /** The newest dead letter whose payload contains the marker, read through GET /v1/dlq. */
  static JsonNode awaitDeadLetter(PulseApi api, String marker) {
    return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> findDeadLetter(api, marker), Optional::isPresent).get();
  }

  private static Optional<JsonNode> findDeadLetter(PulseApi api, String marker) throws Exception {
    JsonNode listing = PulseApi.json(api.send("GET", "/v1/dlq?limit=1000", null, null, api.adminKey()));
    JsonNode found = null;
    for (JsonNode entry : listing.get("entries")) {
      if (entry.get("letter").get("payload").asText().contains(marker)) {
        found = entry.get("letter");
      }
    }
    return Optional.ofNullable(found);
  }
}
