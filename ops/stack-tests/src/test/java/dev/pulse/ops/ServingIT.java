package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads over the real stack: filters, group-by and hourly rollups of every aggregation kind,
 * compared with a recount of the events that were sent.
 */
@ExtendWith(StackExtension.class)
class ServingIT {
  private static final Duration WITHIN = Duration.ofMinutes(2);
  private static final String TENANT = "serving-" + UUID.randomUUID().toString().substring(0, 8);
  private static final List<Sent> SENT = new ArrayList<>();
  private static Instant from;
  private static Instant to;

  /** One event as sent, for the recount. */
  private record Sent(String type, String source, String user, Instant time, double amount, String currency) {}

  @BeforeAll
  static void sendEventsOverTwoHours(LocalStack stack) {
    // Within the allowed lateness (2 h), so every event counts, spread over at least two hours.
    Instant now = Instant.now();
    from = now.minus(Duration.ofMinutes(100)).truncatedTo(ChronoUnit.HOURS);
    to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    Random random = new Random(42);
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 90; i++) {
        Instant time = now.minus(Duration.ofMinutes(95)).plusSeconds(i * 60L);
        String source = i % 3 == 0 ? "ios" : "web";
        String user = "u" + random.nextInt(9);
        Sent sent = i % 5 == 4
            ? new Sent("error", source, user, time, 0, null)
            : new Sent("purchase", source, user, time, 1 + random.nextInt(500) / 4.0, i % 2 == 0 ? "EUR" : "USD");
        SENT.add(sent);
        producer.send(DirectProducer.event(sent.type(), sent.source(), TENANT, sent.user(), sent.time(), properties(sent)));
      }
      producer.flush();
    }
  }

  @Test
  void countsGroupedBySourceRollUpPerHourAsARecount(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    awaitTotal(api, "event_count", SENT.size());

    // Counts can be complete while the last windows' final emissions are still a checkpoint away.
    JsonNode answer = await().atMost(WITHIN).ignoreExceptions()
        .until(() -> read(api, "event_count", "granularity=1h&group_by=source"),
            a -> a.get("totals").get(0).get("is_final").asBoolean());

    assertThat(answer.get("granularity").asText()).isEqualTo("1h");
    assertThat(answer.get("source").asText()).isEqualTo("realtime");
    assertThat(answer.get("freshness_ms").asLong()).isNotNegative();
    Map<String, Map<Instant, Double>> expected = new TreeMap<>();
    for (Sent sent : SENT) {
      expected.computeIfAbsent(sent.source(), s -> new TreeMap<>())
          .merge(sent.time().truncatedTo(ChronoUnit.HOURS), 1.0, Double::sum);
    }
    Map<String, Map<Instant, Double>> served = new TreeMap<>();
    // The published shape: one window per group and hour, each naming its group's values.
    for (JsonNode window : answer.get("windows")) {
      served.computeIfAbsent(window.get("dimensions").get("source").asText(), s -> new TreeMap<>())
          .put(Instant.parse(window.get("window_start").asText()), window.get("value").asDouble());
      assertThat(Duration.between(Instant.parse(window.get("window_start").asText()),
          Instant.parse(window.get("window_end").asText()))).isEqualTo(Duration.ofHours(1));
    }
    assertThat(served).isEqualTo(expected);
    assertThat(answer.get("groups").get(0).get("dimensions").get("source").asText()).isEqualTo("web"); // largest first
    assertThat(answer.get("windows").get(0).get("dimensions").get("source").asText()).isEqualTo("web");
    assertThat(answer.get("totals").get(0).get("is_final").asBoolean()).isTrue();
  }

  @Test
  void sumsWithAMultiValueFilterAndMinMaxAvgOverTheWholeRangeMatchARecount(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    List<Sent> purchases = SENT.stream().filter(s -> s.type().equals("purchase")).toList();
    double revenue = purchases.stream().mapToDouble(Sent::amount).sum();
    awaitTotal(api, "revenue", revenue);

    JsonNode eurAndUsd = read(api, "revenue", "granularity=1h&dimensions=properties.currency:EUR|USD");
    JsonNode eurOnly = read(api, "revenue", "granularity=1h&dimensions=properties.currency:EUR");
    JsonNode byCurrency = read(api, "revenue", "granularity=1d&group_by=properties.currency");
    JsonNode avg = read(api, "order_value_avg", "granularity=1h");
    JsonNode max = read(api, "order_value_max", "granularity=1d");
    JsonNode min = read(api, "order_value_min", "granularity=1h");

    assertThat(eurAndUsd.get("total").asDouble()).isCloseTo(revenue, within(1e-6));
    assertThat(eurOnly.get("total").asDouble()).isCloseTo(
        purchases.stream().filter(p -> p.currency().equals("EUR")).mapToDouble(Sent::amount).sum(), within(1e-6));
    Map<String, Double> perCurrency = new TreeMap<>();
    purchases.forEach(p -> perCurrency.merge(p.currency(), p.amount(), Double::sum));
    Map<String, Double> servedPerCurrency = new TreeMap<>();
    byCurrency.get("groups").forEach(g -> servedPerCurrency.put(g.get("dimensions").get("properties.currency").asText(), g.get("total").asDouble()));
    assertThat(servedPerCurrency.keySet()).isEqualTo(perCurrency.keySet());
    perCurrency.forEach((currency, sum) -> assertThat(servedPerCurrency.get(currency)).isCloseTo(sum, within(1e-6)));
    // The mean of all amounts, not the mean of the hourly means.
    assertThat(avg.get("total").asDouble()).isCloseTo(revenue / purchases.size(), within(1e-6));
    for (JsonNode bucket : avg.get("windows")) {
      Instant hour = Instant.parse(bucket.get("window_start").asText());
      assertThat(bucket.get("value").asDouble()).isCloseTo(
          purchases.stream().filter(p -> p.time().truncatedTo(ChronoUnit.HOURS).equals(hour))
              .mapToDouble(Sent::amount).average().orElseThrow(), within(1e-6));
    }
    assertThat(max.get("total").asDouble()).isEqualTo(purchases.stream().mapToDouble(Sent::amount).max().orElseThrow());
    assertThat(min.get("total").asDouble()).isEqualTo(purchases.stream().mapToDouble(Sent::amount).min().orElseThrow());
  }

  @Test
  void sketchesAndRatiosMergeAcrossWindowsAndGroups(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    awaitTotal(api, "event_count", SENT.size());
    Set<String> users = new HashSet<>();
    SENT.forEach(s -> users.add(s.user()));
    Map<String, double[]> errorsAndAll = new HashMap<>();
    SENT.forEach(s -> {
      double[] counts = errorsAndAll.computeIfAbsent(s.source(), k -> new double[2]);
      counts[0] += s.type().equals("error") ? 1 : 0;
      counts[1]++;
    });
    double[] sorted = SENT.stream().filter(s -> s.type().equals("purchase")).mapToDouble(Sent::amount).sorted().toArray();

    JsonNode unique = await().atMost(WITHIN).ignoreExceptions()
        .until(() -> read(api, "unique_users", "granularity=1h"), a -> Math.round(a.get("total").asDouble()) == users.size());
    JsonNode ratio = read(api, "error_rate", "granularity=1h&group_by=source");
    JsonNode percentiles = read(api, "order_value_percentiles", "granularity=1h");

    assertThat(unique.get("total").asDouble()).isCloseTo(users.size(), within(0.5));
    for (JsonNode group : ratio.get("groups")) {
      double[] counts = errorsAndAll.get(group.get("dimensions").get("source").asText());
      assertThat(group.get("total").asDouble()).isCloseTo(counts[0] / counts[1], within(1e-9));
    }
    // Under KLL's k=200 every value is kept exactly at this size: p50 is a value near the middle.
    double p50 = percentiles.get("percentiles").get("p50").asDouble();
    assertThat(p50).isBetween(sorted[sorted.length / 2 - 1], sorted[sorted.length / 2 + 1]);
  }

  @Test
  void badParametersAre400sAndAnUnknownMetricIs404(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Map<String, String> badRequests = Map.of(
        "granularity=7m", "granularity '7m' must be one of",
        "group_by=country", "'country' is not a dimension",
        "dimensions=source:", "has an empty value",
        "window=sliding&granularity=1h", "is sliding",
        "window_start=2026-01-01T00:00:00Z&window_end=2026-01-05T00:00:00Z", "(query.maxBuckets)",
        "window_start=yesterday", "ISO-8601");

    for (Map.Entry<String, String> bad : badRequests.entrySet()) {
      HttpResponse<String> response = api.get("/v1/metrics/event_count?" + bad.getKey().replace("|", "%7C"));
      assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(PulseApi.json(response).get("message").asText()).as(bad.getKey()).contains(bad.getValue());
    }
    assertThat(api.get("/v1/metrics/no_such_metric").statusCode()).isEqualTo(404);
  }

  @Test
  void theCatalogListsEveryMetricWithItsDimensionsAndWindows(LocalStack stack) throws Exception {
    JsonNode metrics = PulseApi.json(new PulseApi(stack).get("/v1/metrics")).get("metrics");

    JsonNode eventCount = null;
    for (JsonNode metric : metrics) {
      if (metric.get("name").asText().equals("event_count")) {
        eventCount = metric;
      }
    }
    assertThat(eventCount).isNotNull();
    assertThat(eventCount.get("aggregation").asText()).isEqualTo("count");
    assertThat(eventCount.get("dimensions").toString()).isEqualTo("[\"tenant\",\"source\",\"event_type\"]");
    assertThat(eventCount.get("windows").toString()).isEqualTo("[\"1m\",\"5m/30s\"]");
    assertThat(eventCount.get("description").asText()).isNotBlank();
  }

  private static void awaitTotal(PulseApi api, String metric, double expected) {
    await().atMost(WITHIN).ignoreExceptions()
        .until(() -> Math.abs(read(api, metric, "granularity=1h").get("total").asDouble() - expected) < 1e-6);
  }

  private static JsonNode read(PulseApi api, String metric, String query) throws Exception {
    String dims = query.contains("dimensions=") ? "" : "&dimensions=tenant:" + TENANT;
    String withTenant = query.replace("dimensions=", "dimensions=tenant:" + TENANT + ",");
    String url = "/v1/metrics/" + metric + "?window_start=" + from + "&window_end=" + to + "&" + withTenant + dims;
    HttpResponse<String> response = api.get(url.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return PulseApi.json(response);
  }

  private static Map<String, Object> properties(Sent sent) {
    return switch (sent.type()) {
      case "purchase" -> Map.of("amount", sent.amount(), "currency", sent.currency());
      case "error" -> Map.of("service", "checkout", "code", "E500", "message", "boom");
      default -> throw new IllegalArgumentException(sent.type());
    };
  }
}
