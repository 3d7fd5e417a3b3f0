package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tenant's token reads its own tenant's data and nothing else, whatever it asks. */
@ExtendWith(StackExtension.class)
class TenantIsolationIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String ACME = "acme-" + RUN;
  private static final String GLOBEX = "globex-" + RUN;
  private static final String SOURCE = "shared-" + RUN;

  @BeforeAll
  static void bothTenantsSendEventsFromTheSameSource(LocalStack stack) {
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 5; i++) {
        producer.send(DirectProducer.event("page_view", SOURCE, ACME, "a" + i, Instant.now(), Map.of("page", "/a")));
      }
      for (int i = 0; i < 7; i++) {
        producer.send(DirectProducer.event("page_view", SOURCE, GLOBEX, "g" + i, Instant.now(), Map.of("page", "/g")));
      }
      producer.flush();
    }
  }

  @Test
  void aTenantTokenSeesOnlyItsTenantThroughAnyFilterOrGroupBy(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + SOURCE) == 12); // the admin sees both
    String acme = api.mintToken(ACME, List.of(), 600);
    // The token's reads may come from the API's recent rows, which follow Pinot a refresh behind.
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> read(api, acme, "dimensions=source:" + SOURCE).get("total").asDouble() == 5);

    JsonNode bySource = read(api, acme, "dimensions=source:" + SOURCE);
    JsonNode byTenant = read(api, acme, "group_by=tenant");
    JsonNode byTenantAndSource = read(api, acme, "group_by=tenant,source&dimensions=source:" + SOURCE);
    JsonNode unfiltered = read(api, acme, "group_by=source");

    assertThat(bySource.get("total").asDouble()).isEqualTo(5);
    assertThat(tenantsIn(byTenant)).containsExactly(ACME);
    assertThat(tenantsIn(byTenantAndSource)).containsExactly(ACME);
    assertThat(byTenantAndSource.get("total").asDouble()).isEqualTo(5);
    for (JsonNode group : unfiltered.get("groups")) {
      if (group.get("dimensions").get("source").asText().equals(SOURCE)) {
        assertThat(group.get("total").asDouble()).isEqualTo(5);
      }
    }
    for (String asksForOthers : List.of("dimensions=tenant:" + GLOBEX, "dimensions=tenant:" + ACME + "%7C" + GLOBEX)) {
      HttpResponse<String> refused = api.get("/v1/metrics/event_count?" + asksForOthers, acme);
      assertThat(refused.statusCode()).as(asksForOthers).isEqualTo(403);
    }
    assertThat(read(api, api.adminKey(), "group_by=tenant&dimensions=source:" + SOURCE).get("groups")).hasSize(2);
  }

  @Test
  void aTokenForOneMetricReadsNoOtherAndListsOnlyIt(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String embed = api.mintToken(ACME, List.of("event_count"), 600);

    HttpResponse<String> other = api.get("/v1/metrics/page_views", embed);
    JsonNode listed = PulseApi.json(api.get("/v1/metrics", embed)).get("metrics");

    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(PulseApi.json(other).get("message").asText()).contains("does not grant metric 'page_views'");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("name").asText()).isEqualTo("event_count");
    assertThat(api.get("/v1/metrics/event_count", embed).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredTamperedAndWrongKindsOfCredentialAreRefused(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String shortLived = api.mintToken(ACME, List.of(), 1);
    String acme = api.mintToken(ACME, List.of(), 600);
    String[] parts = acme.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(ACME, GLOBEX);
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    String resigned = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    Thread.sleep(2_000);

    assertThat(api.get("/v1/metrics/event_count", shortLived).statusCode()).isEqualTo(401);
    assertThat(api.get("/v1/metrics/event_count", tampered).statusCode()).isEqualTo(401);
    assertThat(api.get("/v1/metrics/event_count", resigned).statusCode()).isEqualTo(401);
    assertThat(api.get("/v1/metrics/event_count", null).statusCode()).isEqualTo(401);
    assertThat(api.get("/v1/metrics/event_count", api.producerKey("web")).statusCode()).isEqualTo(403);
    // A token cannot mint tokens or keys.
    assertThat(api.send("POST", "/v1/tokens", "{\"tenant\":\"" + GLOBEX + "\"}", "application/json", acme).statusCode())
        .isEqualTo(403);
  }

  private static JsonNode read(PulseApi api, String credential, String query) throws Exception {
    HttpResponse<String> response = api.get("/v1/metrics/event_count?" + query, credential);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return PulseApi.json(response);
  }

  private static List<String> tenantsIn(JsonNode answer) {
    List<String> tenants = new ArrayList<>();
    answer.get("groups").forEach(g -> tenants.add(g.get("dimensions").get("tenant").asText()));
    return tenants;
  }
}
