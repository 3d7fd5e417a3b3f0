package dev.pulse.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The fault suite's alerts: for each fault, a threshold rule of its own (its own tenant and
 * PagerDuty routing key) that a burst of purchases breaches while the part is down. On-call must
 * get exactly one page for that breach: none means an alert was lost, two means a restarted job or
 * a scheduler's failover sent it again. The pages arrive at a {@link WebhookReceiver} standing in
 * for PagerDuty. The suite fails unless each breach paged exactly once.
 */
final class FaultPages implements AutoCloseable {
  /** Purchases in a breach; the rule fires above {@link #THRESHOLD} within {@link #WINDOW_SECONDS}. */
  private static final int BURST = 5;
  private static final int THRESHOLD = 3;
  private static final int WINDOW_SECONDS = 10;
  private static final String SOURCE = "faults-alerts";

  /** One fault's rule: whom its page is for, and which tenant's purchases breach it. */
  record Breach(String fault, String tenant, String routingKey) {}

  private final LocalStack stack;
  private final PulseApi api;
  private final WebhookReceiver receiver;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String producerKey;

  FaultPages(LocalStack stack) throws IOException {
    this.stack = stack;
    this.api = new PulseApi(stack);
    this.receiver = new WebhookReceiver(stack.receiverPort());
    this.producerKey = api.producerKey(SOURCE);
  }

  /**
   * Creates the rule of each fault while every part is up (rule changes need PostgreSQL), and has
   * each API instance take the producer key once, so that it is among the keys an instance keeps
   * for when PostgreSQL is down.
   */
  List<Breach> arm(List<String> faults) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Breach> breaches = faults.stream()
        .map(fault -> new Breach(fault, "faults-alert-" + fault + "-" + run, "RK" + fault.replace("-", "") + run))
        .toList();
    for (Breach breach : breaches) {
      createRule(breach);
    }
    for (URI instance : stack.apiUrls()) {
      HttpResponse<String> warm = post(instance, purchases("faults-alerts-warm-up-" + run, 1));
      if (warm.statusCode() != 200) {
        throw new IllegalStateException(instance + " refused the alerts' producer key: " + warm.body());
      }
    }
    Thread.sleep(3_000); // the alerting job picks up rule changes within a second or two
    return breaches;
  }

  /** Posts the burst to the first API instance that takes it, retrying for up to a minute; false if none did. */
  boolean breach(Breach breach) throws InterruptedException {
    ArrayNode burst = purchases(breach.tenant(), BURST);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      for (URI instance : stack.apiUrls()) {
        try {
          if (post(instance, burst).statusCode() == 200) {
            return true;
          }
        } catch (IOException e) {
          // that instance is down: the next one
        }
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  /**
   * Waits until every breach has paged, or {@code patience} passed: the suite's last chance for a
   * late page. The faults in between give a repeat its time to arrive.
   */
  void awaitAllPaged(List<Breach> breaches, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (breaches.stream().anyMatch(b -> triggers(b) == 0) && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  /** PagerDuty triggers received for a breach so far. */
  int triggers(Breach breach) {
    return actions(breach, "trigger");
  }

  private int actions(Breach breach, String action) {
    return (int) receiver.acceptedFor(breach.routingKey()).stream()
        .filter(page -> action.equals(page.body().path("event_action").asText())).count();
  }

  private void createRule(Breach breach) throws Exception {
    ObjectNode rule = PulseApi.JSON.createObjectNode().put("name", "faults " + breach.fault() + " " + breach.tenant())
        .put("metric", "event_count").put("condition", "GREATER_THAN").put("threshold", THRESHOLD)
        .put("window_seconds", WINDOW_SECONDS).put("severity", "CRITICAL");
    rule.putObject("dimensions").put("event_type", "purchase").put("tenant", breach.tenant());
    rule.putArray("channels").add("pagerduty://" + breach.routingKey());
    HttpResponse<String> created =
        api.send("POST", "/v1/alert-rules", rule.toString(), "application/json", api.adminKey());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("the rule of " + breach.fault() + " was refused: " + created.body());
    }
  }

  private static ArrayNode purchases(String tenant, int count) {
    ArrayNode events = PulseApi.JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      ObjectNode event = events.addObject().put("event_type", "purchase").put("source", SOURCE).put("tenant", tenant);
      event.putObject("properties").put("amount", 10).put("currency", "EUR");
    }
    return events;
  }

  private HttpResponse<String> post(URI instance, ArrayNode events) throws IOException, InterruptedException {
    String body = PulseApi.JSON.createObjectNode().set("events", events).toString();
    return http.send(HttpRequest.newBuilder(instance.resolve("/v1/events")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + producerKey)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    receiver.close();
  }
}
