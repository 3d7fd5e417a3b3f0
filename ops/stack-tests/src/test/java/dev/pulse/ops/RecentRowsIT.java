package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant's reads answered from the API's recent rows (query.recentRows), every one a different
 * range, granularity, filter or group-by, are a recount of the events sent; and events arriving
 * late into windows already held reach those answers.
 */
@ExtendWith(StackExtension.class)
class RecentRowsIT {
  private static final String TENANT = "recent-" + UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> SOURCES = List.of("web", "ios", "android");
  private static final List<Sent> SENT = new ArrayList<>();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  private record Sent(String source, String page, Instant time) {}

  @BeforeAll
  static void sendPageViewsOverTheLastEightyMinutes(LocalStack stack) {
    send(stack, 240, i -> NOW.minus(Duration.ofMinutes(80)).plusSeconds(i * 20L));
  }

  @Test
  void distinctReadsFromMemoryAreARecountAndFollowLateEvents(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String token = api.mintToken(TENANT, List.of(), 600);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> total(api, token) == SENT.size());

    double fromMemory = reads(api, stack, "memory");
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      assertReadIsARecount(api, token, randomRead(random, i));
    }
    assertThat(reads(api, stack, "memory") - fromMemory).isGreaterThanOrEqualTo(40);

    // Late events into windows the API holds already, and a few current ones.
    send(stack, 30, i -> NOW.minus(Duration.ofMinutes(50)).plusSeconds(i * 17L));
    send(stack, 10, i -> Instant.now().minusSeconds(i));
    double beforeLate = reads(api, stack, "memory");
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> total(api, token) == SENT.size());
    assertReadIsARecount(api, token, new Read(NOW.minus(Duration.ofMinutes(60)), NOW.plus(Duration.ofMinutes(2)),
        Duration.ofMinutes(5), "group_by=source"));
    assertReadIsARecount(api, token, new Read(NOW.minus(Duration.ofMinutes(55)), NOW.minus(Duration.ofMinutes(40)),
        Duration.ofMinutes(1), "dimensions=" + URLEncoder.encode("properties.page:/p1|/p2", StandardCharsets.UTF_8)));
    assertThat(reads(api, stack, "memory")).isGreaterThan(beforeLate);
  }

  /** A read of page_views: [from, to) at a granularity, with a filter or group-by. */
  private record Read(Instant from, Instant to, Duration granularity, String shape) {
    String url() {
      return "/v1/metrics/page_views?window_start=" + from + "&window_end=" + to + "&granularity="
          + (granularity.toHours() == 1 ? "1h" : granularity.toMinutes() + "m") + (shape.isEmpty() ? "" : "&" + shape);
    }
  }

  private static Read randomRead(Random random, int i) {
    Instant from = NOW.minus(Duration.ofMinutes(15 + random.nextInt(70)));
    Instant to = from.plus(Duration.ofMinutes(5 + random.nextInt(60)));
    Duration granularity = Duration.ofMinutes(List.of(1, 5, 60).get(random.nextInt(3)));
    String shape = switch (i % 5) {
      case 0 -> "";
      case 1 -> "dimensions=" + URLEncoder.encode("source:" + SOURCES.get(random.nextInt(3)), StandardCharsets.UTF_8);
      case 2 -> "group_by=source";
      case 3 -> "dimensions=" + URLEncoder.encode("properties.page:/p" + random.nextInt(5), StandardCharsets.UTF_8);
      default -> "group_by=properties.page";
    };
    return new Read(from, to, granularity, shape);
  }

  private static void assertReadIsARecount(PulseApi api, String token, Read read) throws Exception {
    HttpResponse<String> response = api.get(read.url(), token);
    assertThat(response.statusCode()).as(read.url()).isEqualTo(200);
    Map<String, Double> served = new TreeMap<>();
    for (JsonNode window : PulseApi.json(response).get("windows")) {
      served.put(groupOf(window.get("dimensions"), read) + "@" + window.get("window_start").asText(),
          window.get("value").asDouble());
    }
    assertThat(served).as(read.url()).isEqualTo(recount(read));
  }

  private static Map<String, Double> recount(Read read) {
    Map<String, Double> expected = new TreeMap<>();
    long size = read.granularity().toMillis();
    for (Sent sent : SENT) {
      Instant window = sent.time().truncatedTo(ChronoUnit.MINUTES);
      if (window.isBefore(read.from()) || !window.isBefore(read.to()) || !passes(sent, read.shape())) {
        continue;
      }
      Instant bucket = Instant.ofEpochMilli(Math.floorDiv(window.toEpochMilli(), size) * size);
      String group = read.shape().startsWith("group_by=source") ? sent.source()
          : read.shape().startsWith("group_by=properties.page") ? sent.page() : "";
      expected.merge(group + "@" + bucket, 1.0, Double::sum);
    }
    return expected;
  }

  private static boolean passes(Sent sent, String shape) {
    String decoded = java.net.URLDecoder.decode(shape, StandardCharsets.UTF_8);
    if (decoded.startsWith("dimensions=source:")) {
      return sent.source().equals(decoded.substring("dimensions=source:".length()));
    }
    if (decoded.startsWith("dimensions=properties.page:")) {
      return List.of(decoded.substring("dimensions=properties.page:".length()).split("\\|")).contains(sent.page());
    }
    return true;
  }

  private static String groupOf(JsonNode dimensions, Read read) {
    if (read.shape().startsWith("group_by=source")) {
      return dimensions.get("source").asText();
    }
    return read.shape().startsWith("group_by=properties.page") ? dimensions.get("properties.page").asText() : "";
  }

  private static double total(PulseApi api, String token) throws Exception {
    Read all = new Read(NOW.minus(Duration.ofMinutes(90)),
        Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5)), Duration.ofMinutes(5), "");
    HttpResponse<String> response = api.get(all.url(), token);
    return PulseApi.json(response).get("total").asDouble();
  }

  /** The API's reads so far whose rows came from {@code from}: memory or pinot. */
  private static double reads(PulseApi api, LocalStack stack, String from) throws Exception {
    String metrics = api.send("GET", stack.apiAdminUrl() + "/prometheus", null, null, null).body();
    Matcher sample = Pattern.compile("^pulse_query_reads_total\\{rows_from=\"" + from + "\"\\} (\\S+)$",
        Pattern.MULTILINE).matcher(metrics);
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }

  private static void send(LocalStack stack, int count, java.util.function.IntFunction<Instant> timeOf) {
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < count; i++) {
        Sent sent = new Sent(SOURCES.get(i % 3), "/p" + (i % 5), timeOf.apply(i));
        synchronized (SENT) {
          SENT.add(sent);
        }
        producer.send(DirectProducer.event("page_view", sent.source(), TENANT, "u" + i, sent.time(),
            Map.of("page", sent.page())));
      }
      producer.flush();
    }
  }
}
