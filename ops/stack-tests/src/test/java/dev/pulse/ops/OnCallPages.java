package dev.pulse.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Pipeline alerts as on-call gets them: the named channel they page through
 * (alert-scheduler.yml pipelineAlerts.channel) pointed at a routing key of this test's own, and the
 * local PagerDuty receiver that takes the pages.
 */
final class OnCallPages implements AutoCloseable {
  static final String CHANNEL = "pulse-oncall";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A PagerDuty trigger as the receiver got it. */
  record Page(String summary, String severity, String link, long receivedAtMillis) {}

  private final String routingKey = "pipeline" + UUID.randomUUID().toString().substring(0, 8);
  private final WebhookReceiver receiver;

  OnCallPages(LocalStack stack) throws IOException, InterruptedException {
    receiver = new WebhookReceiver(stack.receiverPort());
    String channel = JSON.createObjectNode().put("name", CHANNEL).put("pagerduty_routing_key", routingKey).toString();
    HttpResponse<String> created = send(stack, HttpRequest.newBuilder(stack.schedulerUrl().resolve("/v1/channels"))
        .POST(HttpRequest.BodyPublishers.ofString(channel)));
    if (created.statusCode() == 409) { // an earlier test made it: point it here
      created = send(stack, HttpRequest.newBuilder(stack.schedulerUrl().resolve("/v1/channels/" + CHANNEL))
          .PUT(HttpRequest.BodyPublishers.ofString(channel)));
    }
    if (created.statusCode() / 100 != 2) {
      receiver.close();
      throw new IllegalStateException("the on-call channel could not be set: " + created.statusCode() + " " + created.body());
    }
  }

  /** The first trigger whose summary contains {@code summary}, within a minute. */
  Page awaitTrigger(String summary) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> firstTrigger(summary, 0), Optional::isPresent).orElseThrow();
  }

  /** The first trigger received since {@code sinceMillis} whose summary contains {@code summary}. */
  Optional<Page> firstTrigger(String summary, long sinceMillis) {
    return receiver.acceptedFor(routingKey).stream()
        .filter(page -> page.receivedAtMillis() >= sinceMillis)
        .filter(page -> "trigger".equals(page.body().path("event_action").asText()))
        .filter(page -> page.body().path("payload").path("summary").asText().contains(summary))
        .findFirst()
        .map(OnCallPages::pageOf);
  }

  private static Page pageOf(WebhookReceiver.Received received) {
    JsonNode body = received.body();
    return new Page(body.path("payload").path("summary").asText(), body.path("payload").path("severity").asText(),
        body.path("client_url").asText(), received.receivedAtMillis());
  }

  private static HttpResponse<String> send(LocalStack stack, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + stack.schedulerToken())
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    receiver.close();
  }
}
