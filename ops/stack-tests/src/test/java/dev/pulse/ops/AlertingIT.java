package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pulse.contract.Topics;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerting over the real stack: rules through metrics-api, the alerting Flink job on events.raw,
 * the alert-scheduler on Quartz and PostgreSQL, and a local receiver that checks the PagerDuty
 * Events API v2 and Slack webhook bodies field by field. Each test uses its own tenant and its own
 * routing keys, so tests never see each other's alerts.
 */
@ExtendWith(StackExtension.class)
class AlertingIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration RULE_PROPAGATION = Duration.ofSeconds(3);
  private static final Set<String> PAGERDUTY_FIELDS =
      Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  private static WebhookReceiver receiver;
  private static GreenMail smtp;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void listen(LocalStack stack) throws IOException {
    receiver = new WebhookReceiver(stack.receiverPort());
    smtp = new GreenMail(new ServerSetup(stack.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterAll
  static void stopListening() {
    receiver.close();
    smtp.stop();
  }

  @Test
  void aBreachPagesOnceAndItsRecoveryResolvesUnderTheSameDedupKey(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    createRule(api, s.rule(3, 10).set("channels", channels(s.routingKey, s.slackPath)));

    postPurchases(api, s.tenant, 5);

    List<WebhookReceiver.Received> triggers = awaitAccepted(s.routingKey, 1);
    JsonNode trigger = triggers.get(0).body();
    assertPagerDutyV2(trigger, "trigger");
    assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
    // Evaluated event by event: it fires on the fourth purchase, the first count above 3.
    assertThat(trigger.path("payload").path("custom_details").path("value").asDouble()).isEqualTo(4);
    assertThat(trigger.path("payload").path("custom_details").path("threshold").asDouble()).isEqualTo(3);
    assertThat(trigger.path("payload").path("custom_details").path("dimensions").path("tenant").asText()).isEqualTo(s.tenant);
    JsonNode slack = awaitAccepted(s.slackPath, 1).get(0).body();
    assertSlack(slack, "FIRING", "event_count", "4", "> 3");

    // Nothing more is posted: the window empties and the alert resolves.
    List<WebhookReceiver.Received> pages = awaitAccepted(s.routingKey, 2);
    JsonNode resolve = pages.get(1).body();
    assertPagerDutyV2(resolve, "resolve");
    assertThat(resolve.path("dedup_key").asText()).isEqualTo(trigger.path("dedup_key").asText());
    assertSlack(awaitAccepted(s.slackPath, 2).get(1).body(), "RESOLVED", "event_count", "", "3");
    assertThat(receiver.acceptedFor(s.routingKey)).extracting(r -> r.body().path("event_action").asText())
        .containsExactly("trigger", "resolve");
  }

  @Test
  void aThresholdChangedWithPutTakesEffectInTheRunningJobAndADisabledRuleStopsFiring(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    ObjectNode rule = s.rule(100, 60).set("channels", channels(s.routingKey));
    long id = createRule(api, rule);
    Scenario control = s.control();
    createRule(api, control.rule(1, 60).set("channels", channels(control.routingKey)));

    postPurchases(api, s.tenant, 3);
    awaitAccepted(control.routingKey, 1); // the job has counted the three events
    assertThat(receiver.requestsFor(s.routingKey)).isEmpty();

    rule.put("threshold", 2);
    long changedAt = System.currentTimeMillis();
    assertThat(send(api, "PUT", "/v1/alert-rules/" + id, rule).statusCode()).isEqualTo(200);
    WebhookReceiver.Received fired = awaitAccepted(s.routingKey, 1).get(0);
    assertThat(fired.body().path("payload").path("custom_details").path("threshold").asDouble()).isEqualTo(2);
    System.out.printf("threshold change to page: %d ms%n", fired.receivedAtMillis() - changedAt);

    assertThat(send(api, "PATCH", "/v1/alert-rules/" + id, api().createObjectNode().put("enabled", false)).statusCode())
        .isEqualTo(200);
    assertThat(awaitAccepted(s.routingKey, 2).get(1).body().path("event_action").asText()).isEqualTo("resolve");

    Scenario after = s.control();
    createRule(api, after.rule(1, 60).set("channels", channels(after.routingKey)));
    postPurchases(api, s.tenant, 5);
    awaitAccepted(after.routingKey, 1); // these events were evaluated...
    assertThat(receiver.requestsFor(s.routingKey)).hasSize(2); // ...and the disabled rule did not fire
  }

  @Test
  void aSilencedAlertIsLoggedNotSentAndASilenceCanBeExpired(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    long id = createRule(api, s.rule(1, 60).set("channels", channels(s.routingKey)));
    Scenario control = s.control();
    createRule(api, control.rule(1, 60).set("channels", channels(control.routingKey)));
    ObjectNode silence = api().createObjectNode().put("rule_id", id).put("duration_seconds", 3600)
        .put("comment", "maintenance").put("created_by", "alerting-it");
    silence.putObject("matchers").put("tenant", s.tenant);
    HttpResponse<String> created = scheduler(stack, "POST", "/v1/silences", silence);
    assertThat(created.statusCode()).isEqualTo(201);
    long silenceId = PulseApi.json(created).get("id").asLong();

    postPurchases(api, s.tenant, 3);
    awaitAccepted(control.routingKey, 1);
    JsonNode held = await().atMost(PATIENCE)
        .until(() -> notifications(stack, "SILENCED", s.ruleName), rows -> !rows.isEmpty()).get(0);
    assertThat(held.path("detail").asText()).contains("maintenance");
    assertThat(receiver.requestsFor(s.routingKey)).isEmpty();

    HttpResponse<String> expired = scheduler(stack, "DELETE", "/v1/silences/" + silenceId, null);
    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(Instant.parse(PulseApi.json(expired).get("ends_at").asText())).isBeforeOrEqualTo(Instant.now());
    JsonNode active = PulseApi.json(scheduler(stack, "GET", "/v1/silences?active=true", null)).get("silences");
    assertThat(StreamSupport.stream(active.spliterator(), false).map(n -> n.get("id").asLong())).doesNotContain(silenceId);
    assertThat(scheduler(stack, "POST", "/v1/silences", api().createObjectNode().put("comment", "x")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aGroupPagesAtMostOncePerGroupingIntervalAndAPageHeldBackGoesOutWhenItEnds(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    // The resolve must come back within the grouping interval for the next page to be held; on a
    // loaded machine it can take longer, so a scenario whose resolve came late is begun anew.
    Scenario attempted = null;
    long firstPage = 0;
    long refiredAt = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && refiredAt - firstPage >= LocalStack.GROUPING_INTERVAL.toMillis(); attempt++) {
      attempted = new Scenario();
      createRule(api, attempted.rule(3, 10).set("channels", channels(attempted.routingKey)));
      postPurchases(api, attempted.tenant, 5);
      firstPage = awaitAccepted(attempted.routingKey, 1).get(0).receivedAtMillis();
      awaitAccepted(attempted.routingKey, 2); // resolved once the window emptied
      refiredAt = System.currentTimeMillis();
    }
    assertThat(refiredAt - firstPage).isLessThan(LocalStack.GROUPING_INTERVAL.toMillis()); // still within the interval
    Scenario s = attempted;

    // Fire again and keep firing: the page waits for the interval's end, then goes out once.
    List<WebhookReceiver.Received> pages = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          postPurchases(api, s.tenant, 2);
          return receiver.acceptedFor(s.routingKey);
        }, received -> received.size() >= 3);
    assertThat(pages.get(2).body().path("event_action").asText()).isEqualTo("trigger");
    // The interval counts from when the scheduler sent the first page, a little before its receipt here.
    assertThat(pages.get(2).receivedAtMillis() - firstPage)
        .isGreaterThanOrEqualTo(LocalStack.GROUPING_INTERVAL.minusSeconds(1).toMillis());
    assertThat(notifications(stack, "GROUPED", s.ruleName)).isNotEmpty();
  }

  @Test
  void anUnacknowledgedAlertEscalatesToTheSecondChannelUntilAcknowledged(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    String escalation = "ESC" + s.routingKey;
    ObjectNode rule = s.rule(1, 300).put("escalate_after_seconds", 2);
    rule.set("escalation_channels", channels(escalation));
    createRule(api, rule.set("channels", channels(s.routingKey)));

    postPurchases(api, s.tenant, 2);
    awaitAccepted(s.routingKey, 1);
    List<WebhookReceiver.Received> escalations = awaitAccepted(escalation, 2); // repeated every 2 s while unacknowledged
    assertPagerDutyV2(escalations.get(0).body(), "trigger");
    assertThat(escalations.get(0).body().path("payload").path("summary").asText()).contains("unacknowledged");

    JsonNode group = firingGroup(stack, s.ruleName);
    HttpResponse<String> acked = scheduler(stack, "POST", "/v1/alerts/" + group.get("id").asLong() + "/acknowledge",
        api().createObjectNode().put("by", "alice"));
    assertThat(acked.statusCode()).isEqualTo(200);
    assertThat(PulseApi.json(acked).get("acknowledged_by").asText()).isEqualTo("alice");
    int afterAck = receiver.requestsFor(escalation).size();
    Thread.sleep(6_000); // three escalation periods
    assertThat(receiver.requestsFor(escalation).size()).isLessThanOrEqualTo(afterAck + 1); // one may have been in flight
    assertThat(scheduler(stack, "POST", "/v1/alerts/" + group.get("id").asLong() + "/acknowledge",
        api().createObjectNode()).statusCode()).isEqualTo(400);
  }

  @Test
  void aReceiverThatAnswers500ThenSucceedsGetsTheAlertExactlyOnceAndA4xxIsNotRetried(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario flaky = new Scenario();
    receiver.fail(flaky.routingKey, 500, 1);
    createRule(api, flaky.rule(1, 60).set("channels", channels(flaky.routingKey)));
    Scenario refusing = flaky.control();
    receiver.fail(refusing.routingKey, 400, 100);
    createRule(api, refusing.rule(1, 60).set("channels", channels(refusing.routingKey)));
    double refusedBefore = refusedTriggers(api, stack);

    postPurchases(api, flaky.tenant, 2);

    List<WebhookReceiver.Received> accepted = awaitAccepted(flaky.routingKey, 1);
    assertThat(receiver.requestsFor(flaky.routingKey)).extracting(WebhookReceiver.Received::status).containsExactly(500, 202);
    assertThat(accepted).hasSize(1);
    JsonNode rejected = await().atMost(PATIENCE)
        .until(() -> notifications(stack, "REJECTED", refusing.ruleName), rows -> !rows.isEmpty()).get(0);
    assertThat(rejected.get("http_status").asInt()).isEqualTo(400);
    assertThat(rejected.get("channel").asText()).doesNotContain(refusing.routingKey); // redacted
    assertThat(receiver.requestsFor(refusing.routingKey)).hasSize(1);
    // What the NotificationsRejected alert watches: the refusal is counted, not only logged.
    assertThat(refusedTriggers(api, stack)).isGreaterThanOrEqualTo(refusedBefore + 1);
    JsonNode sent = notifications(stack, "SENT", flaky.ruleName).get(0);
    assertThat(sent.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void withTwoSchedulerInstancesEveryAlertIsSentOnce(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    List<Scenario> groups = List.of(new Scenario(), new Scenario(), new Scenario(), new Scenario());
    Process second = startSecondScheduler(stack);
    try {
      await().atMost(PATIENCE).until(() -> healthy(stack, second));
      for (Scenario s : groups) {
        createRule(api, s.rule(1, 60).set("channels", channels(s.routingKey)));
      }
      for (Scenario s : groups) {
        postPurchases(api, s.tenant, 2);
      }
      for (Scenario s : groups) {
        awaitAccepted(s.routingKey, 1);
      }
      Scenario last = new Scenario();
      createRule(api, last.rule(1, 60).set("channels", channels(last.routingKey)));
      postPurchases(api, last.tenant, 2);
      awaitAccepted(last.routingKey, 1); // later alerts went out, so any duplicate would have too
      for (Scenario s : groups) {
        assertThat(receiver.requestsFor(s.routingKey)).as(s.ruleName).hasSize(1);
      }
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  @Test
  void alertsFireWhileThePreAggregationJobIsStopped(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    createRule(api, s.rule(2, 60).set("channels", channels(s.routingKey)));
    stack.kill9("preagg-flink");
    try {
      postPurchases(api, s.tenant, 3);
      JsonNode trigger = awaitAccepted(s.routingKey, 1).get(0).body();
      assertThat(trigger.path("payload").path("custom_details").path("value").asDouble()).isEqualTo(3);
    } finally {
      stack.run("up");
    }
  }

  @Test
  void anAlertThatCannotBeRecordedIsRetriedAndPagedOnceTheDatabaseTakesItWithoutARestart(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    createRule(api, s.rule(1, 60).set("channels", channels(s.routingKey)));
    String schedulerPid = Files.readString(stack.runDir().resolve("run/alert-scheduler.pid")).trim();

    // A table that is not there fails the scheduler's writes the way an unreachable database does,
    // without taking the database away from the rest of the stack.
    try (Connection db = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_alerts", "pulse", "")) {
      db.createStatement().execute("ALTER TABLE alert_events RENAME TO alert_events_away");
      try {
        postPurchases(api, s.tenant, 2);
        String problem = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
            .until(() -> intakeHealth(stack), health -> health.contains("retrying"));
        assertThat(problem).contains("alert_events");
        assertThat(receiver.requestsFor(s.routingKey)).isEmpty();
      } finally {
        db.createStatement().execute("ALTER TABLE alert_events_away RENAME TO alert_events");
      }
    }

    JsonNode trigger = awaitAccepted(s.routingKey, 1).get(0).body();
    assertPagerDutyV2(trigger, "trigger");
    assertThat(trigger.path("payload").path("custom_details").path("dimensions").path("tenant").asText()).isEqualTo(s.tenant);
    await().atMost(PATIENCE).until(() -> intakeHealth(stack), health -> health.isEmpty());
    assertThat(Files.readString(stack.runDir().resolve("run/alert-scheduler.pid")).trim()).isEqualTo(schedulerPid);
  }

  @Test
  void aBreachThatEndedBeforeTheSchedulerCouldTakeItStillPagesThenResolves(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    createRule(api, s.rule(1, 10).set("channels", channels(s.routingKey)));

    // The scheduler cannot record alerts (as while its database or the scheduler itself is down)
    // until the job has published both the breach and its end.
    try (Connection db = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_alerts", "pulse", "")) {
      db.createStatement().execute("ALTER TABLE alert_events RENAME TO alert_events_away");
      try {
        postPurchases(api, s.tenant, 2);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
            .until(() -> alertStates(stack, s.ruleName), states -> states.contains("RESOLVED"));
        assertThat(receiver.requestsFor(s.routingKey)).isEmpty();
      } finally {
        db.createStatement().execute("ALTER TABLE alert_events_away RENAME TO alert_events");
      }
    }

    List<WebhookReceiver.Received> pages = awaitAccepted(s.routingKey, 2);
    assertPagerDutyV2(pages.get(0).body(), "trigger");
    assertThat(pages.get(0).body().path("payload").path("custom_details").path("value").asDouble()).isEqualTo(2);
    assertPagerDutyV2(pages.get(1).body(), "resolve");
    assertThat(pages.get(1).body().path("dedup_key").asText()).isEqualTo(pages.get(0).body().path("dedup_key").asText());
  }

  // ------------------------------------------------------------------ helpers

  /** The states of a rule's alerts in the alerts topic, in order. */
  private static List<String> alertStates(LocalStack stack, String ruleName) throws Exception {
    List<String> states = new java.util.ArrayList<>();
    for (String line : topicText(stack, Topics.ALERTS.name()).split("\n")) {
      int json = line.indexOf('{');
      if (json >= 0 && line.contains(ruleName)) {
        states.add(api().readTree(line.substring(json)).path("state").asText());
      }
    }
    return states;
  }

  /** The scheduler's alert-intake health check message; empty while it is healthy. */
  @Test
  void aRuleOnANamedChannelPagesItsRoutingKeyAndAfterTheKeyIsReplacedTheNextPageGoesToTheNewOne(LocalStack stack)
      throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    String channel = "team-" + s.id;
    String newKey = "RK2" + s.id;
    createChannel(stack, api().createObjectNode().put("name", channel).put("pagerduty_routing_key", s.routingKey));
    createRule(api, s.rule(3, 20).put("notification_channel", "pagerduty://" + channel));

    postPurchases(api, s.tenant, 5);
    JsonNode trigger = awaitAccepted(s.routingKey, 1).get(0).body();
    assertPagerDutyV2(trigger, "trigger");
    HttpResponse<String> replaced = scheduler(stack, "PUT", "/v1/channels/" + channel,
        api().createObjectNode().put("pagerduty_routing_key", newKey));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);

    // The window empties: the resolve is the next notification, and it goes to the new key.
    JsonNode resolve = awaitAccepted(newKey, 1).get(0).body();
    assertPagerDutyV2(resolve, "resolve");
    assertThat(resolve.path("dedup_key").asText()).isEqualTo(trigger.path("dedup_key").asText());
    postPurchases(api, s.tenant, 5);
    JsonNode second = awaitAccepted(newKey, 2).get(1).body();
    assertPagerDutyV2(second, "trigger");
    assertThat(second.path("routing_key").asText()).isEqualTo(newKey);
    assertThat(receiver.requestsFor(s.routingKey)).hasSize(1); // the old key got the first page only
    assertThat(notifications(stack, "SENT", s.ruleName)).extracting(n -> n.get("channel").asText())
        .containsOnly("pagerduty://" + channel);
  }

  @Test
  void aRuleOnAnEmailChannelMailsItsTriggerAndItsResolve(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    String channel = "mail-" + s.id;
    String address = "oncall-" + s.id + "@example.org";
    createChannel(stack, api().createObjectNode().put("name", channel).set("email_addresses",
        api().createArrayNode().add(address)));
    createRule(api, s.rule(3, 10).put("notification_channel", "email://" + channel));

    postPurchases(api, s.tenant, 5);

    List<MimeMessage> mails = awaitMail(address, 2);
    MimeMessage trigger = mails.get(0);
    assertThat(trigger.getSubject()).startsWith("[CRITICAL] FIRING: " + s.ruleName + " — event_count = 4 > 3");
    assertThat(trigger.getFrom()[0].toString()).isEqualTo("pulse-alerts@stack.test");
    Multipart parts = (Multipart) trigger.getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("Metric: event_count (event_type=purchase, tenant=" + s.tenant + ")", "Value: 4 (threshold: > 3, over 10 s)",
            "Open the dashboard: http://127.0.0.1:");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent()).contains("<td>4 (threshold: &gt; 3, over 10 s)</td>");
    assertThat(mails.get(1).getSubject()).startsWith("[CRITICAL] RESOLVED: " + s.ruleName).contains("no longer > 3");
    assertThat(notifications(stack, "SENT", s.ruleName)).extracting(n -> n.get("channel").asText() + " " + n.get("kind").asText())
        .containsExactlyInAnyOrder("email://" + channel + " TRIGGER", "email://" + channel + " RESOLVE");
  }

  /**
   * A channel's routing key, Slack path and address are used (the receivers get them), and are
   * found nowhere else: not in the logs of any component, not on alerts.rules or alerts, and in no
   * answer of either API.
   */
  @Test
  void noChannelSecretIsInTheLogsTheTopicsOrAnyApiAnswer(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Scenario s = new Scenario();
    String channel = "all-" + s.id;
    String address = "secret-" + s.id + "@example.org";
    String slackSecret = s.slackPath.substring(1); // services/T<id>/B1/X1
    HttpResponse<String> created = createChannel(stack, api().createObjectNode().put("name", channel)
        .put("pagerduty_routing_key", s.routingKey).put("slack_webhook_path", slackSecret)
        .set("email_addresses", api().createArrayNode().add(address)));
    ObjectNode rule = s.rule(3, 10);
    rule.putArray("channels").add("pagerduty://" + channel).add("slack://" + channel).add("email://" + channel);
    long id = createRule(api, rule);

    postPurchases(api, s.tenant, 5);
    assertThat(awaitAccepted(s.routingKey, 2)).extracting(r -> r.body().path("routing_key").asText()).containsOnly(s.routingKey);
    awaitAccepted(s.slackPath, 2);
    awaitMail(address, 2);

    List<String> secrets = List.of(s.routingKey, slackSecret, address);
    Map<String, String> places = new java.util.LinkedHashMap<>();
    places.put("POST /v1/channels", created.body());
    places.put("GET /v1/channels", scheduler(stack, "GET", "/v1/channels", null).body());
    places.put("GET /v1/channels/" + channel, scheduler(stack, "GET", "/v1/channels/" + channel, null).body());
    places.put("GET /v1/alerts", scheduler(stack, "GET", "/v1/alerts", null).body());
    for (JsonNode n : notificationsOf(stack, s.ruleName)) {
      places.put("notification " + n.get("id").asText(), n.toString());
    }
    places.put("GET /v1/alert-rules", api.get("/v1/alert-rules").body());
    places.put("GET /v1/alert-rules/" + id + "/history", api.get("/v1/alert-rules/" + id + "/history").body());
    places.put("topic " + Topics.ALERT_RULES.name(), topicText(stack, Topics.ALERT_RULES.name()));
    places.put("topic " + Topics.ALERTS.name(), topicText(stack, Topics.ALERTS.name()));
    try (var logs = Files.list(stack.runDir().resolve("logs"))) {
      for (Path log : logs.toList()) {
        places.put(log.getFileName().toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(places).containsKeys("alert-scheduler.log", "metrics-api.log", "alerting-flink.log");
    assertThat(places.get("topic " + Topics.ALERTS.name())).contains("email://" + channel); // the alerts were read
    places.forEach((place, text) -> secrets.forEach(secret ->
        assertThat(text).as("%s holds a channel secret", place).doesNotContain(secret)));
  }

  private String intakeHealth(LocalStack stack) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(stack.schedulerAdminUrl().resolve("/healthcheck")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode intake = PulseApi.json(response).path("alert-intake");
    return intake.path("healthy").asBoolean() ? "" : intake.path("message").asText("unhealthy");
  }

  /** One test's own tenant, rule name, routing key and Slack path. */
  private static final class Scenario {
    final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String tenant;
    final String ruleName = "alerting-it " + id;
    final String routingKey = "RK" + id;
    final String slackPath = "/services/T" + id + "/B1/X1";

    Scenario() {
      this(null);
    }

    private Scenario(String tenant) {
      this.tenant = tenant == null ? "alert-" + id : tenant;
    }

    /** Another rule on the same tenant: proof that the job has seen what this one was sent. */
    Scenario control() {
      return new Scenario(tenant);
    }

    ObjectNode rule(double threshold, int windowSeconds) {
      ObjectNode rule = api().createObjectNode().put("name", ruleName).put("metric", "event_count")
          .put("condition", "GREATER_THAN").put("threshold", threshold).put("window_seconds", windowSeconds)
          .put("severity", "CRITICAL");
      rule.putObject("dimensions").put("event_type", "purchase").put("tenant", tenant);
      return rule;
    }
  }

  /** The scheduler's count of PagerDuty triggers refused for good, as Prometheus scrapes it. */
  private static double refusedTriggers(PulseApi api, LocalStack stack) throws Exception {
    HttpResponse<String> scraped = api.send("GET", stack.schedulerAdminUrl() + "/prometheus", null, null, null);
    assertThat(scraped.statusCode()).isEqualTo(200);
    Matcher sample = Pattern.compile(
        "^pulse_scheduler_notifications_total\\{channel=\"pagerduty\",kind=\"trigger\",outcome=\"rejected\"\\} (\\S+)$",
        Pattern.MULTILINE).matcher(scraped.body());
    assertThat(sample.find()).as("the refused-notifications counter in the scrape").isTrue();
    return Double.parseDouble(sample.group(1));
  }

  private static com.fasterxml.jackson.databind.ObjectMapper api() {
    return PulseApi.JSON;
  }

  private static ArrayNode channels(String routingKey) {
    return api().createArrayNode().add("pagerduty://" + routingKey);
  }

  private static ArrayNode channels(String routingKey, String slackPath) {
    return channels(routingKey).add("slack:/" + slackPath);
  }

  /**
   * Creates a rule and gives it the seconds it takes to reach the running job through alerts.rules:
   * a rule counts the events that arrive after it, not those already in its window.
   */
  private static long createRule(PulseApi api, ObjectNode rule) throws Exception {
    HttpResponse<String> created = send(api, "POST", "/v1/alert-rules", rule);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Thread.sleep(RULE_PROPAGATION.toMillis());
    return PulseApi.json(created).get("id").asLong();
  }

  private static HttpResponse<String> send(PulseApi api, String method, String path, JsonNode body) throws Exception {
    return api.send(method, path, body.toString(), "application/json", api.adminKey());
  }

  private static void postPurchases(PulseApi api, String tenant, int count) throws Exception {
    ArrayNode events = api().createArrayNode();
    for (int i = 0; i < count; i++) {
      ObjectNode event = events.addObject().put("event_type", "purchase").put("source", "alerting-it").put("tenant", tenant);
      event.putObject("properties").put("amount", 10).put("currency", "EUR");
    }
    HttpResponse<String> response = api.postEvents(events);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static List<WebhookReceiver.Received> awaitAccepted(String target, int count) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .until(() -> receiver.acceptedFor(target), received -> received.size() >= count);
  }

  private HttpResponse<String> scheduler(LocalStack stack, String method, String path, JsonNode body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(stack.schedulerUrl().resolve(path))
        .header("Authorization", "Bearer " + stack.schedulerToken())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> createChannel(LocalStack stack, ObjectNode channel) throws Exception {
    HttpResponse<String> created = scheduler(stack, "POST", "/v1/channels", channel);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created;
  }

  /** The messages GreenMail took for an address, oldest first, once there are {@code count}. */
  private static List<MimeMessage> awaitMail(String address, int count) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<MimeMessage> mine = new java.util.ArrayList<>();
      for (MimeMessage message : smtp.getReceivedMessages()) {
        if (java.util.Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().equals(address))) {
          mine.add(message);
        }
      }
      return mine;
    }, mails -> mails.size() >= count);
  }

  /** Every record of a topic, keys and values, as text. */
  private static String topicText(LocalStack stack, String topic) {
    StringBuilder text = new StringBuilder();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(), "group.id", "it-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest", "isolation.level", "read_uncommitted",
        "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append(' ')
              .append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
        }
      }
    }
    return text.toString();
  }

  /** The notification log rows of a rule's alerts with a status. */
  private List<JsonNode> notifications(LocalStack stack, String status, String ruleName) throws Exception {
    return notificationsOf(stack, ruleName).stream().filter(row -> row.get("status").asText().equals(status)).toList();
  }

  /** Every notification log row of a rule's alerts, newest first per group. */
  private List<JsonNode> notificationsOf(LocalStack stack, String ruleName) throws Exception {
    JsonNode groups = PulseApi.json(scheduler(stack, "GET", "/v1/alerts", null)).get("alerts");
    List<Long> ids = StreamSupport.stream(groups.spliterator(), false)
        .filter(g -> g.path("alert").path("rule").path("name").asText().equals(ruleName))
        .map(g -> g.get("id").asLong()).toList();
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (long id : ids) {
      JsonNode log = PulseApi.json(scheduler(stack, "GET", "/v1/notifications?group_id=" + id, null)).get("notifications");
      log.forEach(rows::add);
    }
    return rows;
  }

  private JsonNode firingGroup(LocalStack stack, String ruleName) throws Exception {
    JsonNode groups = PulseApi.json(scheduler(stack, "GET", "/v1/alerts?state=FIRING", null)).get("alerts");
    return StreamSupport.stream(groups.spliterator(), false)
        .filter(g -> g.path("alert").path("rule").path("name").asText().equals(ruleName))
        .findFirst().orElseThrow();
  }

  /** A second scheduler on the same database and consumer group, on ports of its own. */
  private static Process startSecondScheduler(LocalStack stack) throws IOException {
    Path log = stack.runDir().resolve("logs/alert-scheduler-2.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
        stack.repo().resolve("alert-scheduler/target/alert-scheduler-0.1.0-SNAPSHOT.jar").toString(), "server",
        stack.repo().resolve("alert-scheduler/alert-scheduler.yml").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    var env = builder.environment();
    env.put("PULSE_SCHEDULER_DB_URL", "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_alerts");
    env.put("PULSE_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
    env.put("PULSE_SCHEDULER_PORT", String.valueOf(stack.receiverPort() + 1));
    env.put("PULSE_SCHEDULER_ADMIN_PORT", String.valueOf(stack.receiverPort() + 2));
    env.put("PULSE_SCHEDULER_ADMIN_TOKEN", stack.schedulerToken());
    env.put("ALERT_PAGERDUTY_URL", "http://127.0.0.1:" + stack.receiverPort() + "/v2/enqueue");
    env.put("ALERT_SLACK_BASE_URL", "http://127.0.0.1:" + stack.receiverPort());
    env.put("PULSE_ALERT_GROUPING_INTERVAL", LocalStack.GROUPING_INTERVAL.toSeconds() + "s");
    return builder.start();
  }

  private boolean healthy(LocalStack stack, Process second) throws Exception {
    assertThat(second.isAlive()).as("the second scheduler is running").isTrue();
    try {
      HttpRequest ping = HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + (stack.receiverPort() + 2) + "/healthcheck")).build();
      return http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The Events API v2 body: known fields only, and every required one well-formed. */
  private static void assertPagerDutyV2(JsonNode event, String action) {
    assertThat(event.fieldNames()).toIterable().allMatch(PAGERDUTY_FIELDS::contains);
    assertThat(event.path("routing_key").asText()).isNotBlank();
    assertThat(event.path("event_action").asText()).isEqualTo(action);
    assertThat(event.path("dedup_key").asText()).isNotBlank().hasSizeLessThanOrEqualTo(255);
    if (action.equals("resolve")) {
      assertThat(event.has("payload")).isFalse();
      return;
    }
    JsonNode payload = event.path("payload");
    assertThat(payload.path("summary").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
    assertThat(payload.path("source").asText()).isNotBlank();
    assertThat(payload.path("severity").asText()).isIn(SEVERITIES);
    assertThat(Instant.parse(payload.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(60));
    assertThat(event.path("links").get(0).path("href").asText()).startsWith("http://127.0.0.1:");
  }

  /** A Slack incoming-webhook message a person can read: text, and a section block with the same. */
  private static void assertSlack(JsonNode message, String state, String metric, String value, String threshold) {
    String text = message.path("text").asText();
    assertThat(text).contains(state, metric, value, threshold, "|Open the dashboard>");
    assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("section");
    assertThat(message.path("blocks").get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
  }
}
