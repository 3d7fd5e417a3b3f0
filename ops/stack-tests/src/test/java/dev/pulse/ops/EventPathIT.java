package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An event's whole path on the real stack: POST → Kafka → Flink → Pinot → GET. */
@ExtendWith(StackExtension.class)
class EventPathIT {
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

  @Test
  void hundredPageViewsAreCountedExactlyOnce(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "e2e-" + UUID.randomUUID();

    HttpResponse<String> posted = api.postEvents(PulseApi.batch(100, source));

    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(PulseApi.json(posted).get("accepted").asInt()).isEqualTo(100);
    String filter = "event_type:page_view,source:" + source;
    await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofSeconds(1))
        .until(() -> api.total("event_count", filter) >= 100);
    assertThat(api.total("event_count", filter)).isEqualTo(100);
  }

  @Test
  void invalidEventsAreRejectedAtTheirIndexWhileValidOnesAreAccepted(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "e2e-" + UUID.randomUUID();
    ArrayNode events = PulseApi.batch(2, source);
    events.insert(1, PulseApi.pageView(source, "/x").put("event_type", "no_such_type"));
    events.add(PulseApi.JSON.createObjectNode().put("event_type", "page_view").put("source", source));

    HttpResponse<String> posted = api.postEvents(events);

    assertThat(posted.statusCode()).isEqualTo(200);
    JsonNode body = PulseApi.json(posted);
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("errors").get(0).get("reason").asText()).contains("unknown event_type 'no_such_type'");
    assertThat(body.get("errors").get(1).get("index").asInt()).isEqualTo(3);
    assertThat(body.get("errors").get(1).get("reason").asText()).contains("properties.page is required");
  }

  @Test
  void anUnknownMetricIsNotFoundAndABadDimensionIsABadRequest(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);

    assertThat(api.get("/v1/metrics/no_such_metric").statusCode()).isEqualTo(404);
    HttpResponse<String> badDimension = api.get("/v1/metrics/event_count?dimensions=country:US");
    assertThat(badDimension.statusCode()).isEqualTo(400);
    assertThat(badDimension.body()).contains("'country' is not a dimension of event_count");
  }
}
