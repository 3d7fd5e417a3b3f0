package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data engineer's drill with {@code ops/backfill}: three hours of page views across midnight of
 * two days, old enough that the streaming job hands them to the corrections path, restated from the
 * archive; then a fix to page_views' definition restated over them (after a dry run that shows the
 * difference), reverted, restated again by a run killed halfway and resumed; then one tenant put
 * back alone, and once more through the Minion's queue. After each step the served values equal a
 * recount from the archive, done here.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ALPHA = "bf-alpha-" + SUFFIX;
  private static final String BETA = "bf-beta-" + SUFFIX;
  private static final List<String> TENANTS = List.of(ALPHA, BETA);
  /** The "fix": page_views counts only the pages /p0 and /p1. */
  private static final Predicate<String> FIXED = page -> page.equals("/p0") || page.equals("/p1");
  private static final Predicate<String> ORIGINAL = page -> true;

  /** Midnight a day ago: the three hours run from 22:00 the day before to 01:00. */
  private static Instant midnight;
  private static Instant from;
  private static Instant to;
  private static Path fixedCatalog;
  private static String[] range;

  @BeforeAll
  static void threeHoursOfPageViewsAcrossMidnightInTheArchive(LocalStack stack) throws Exception {
    midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    from = midnight.minus(Duration.ofHours(2));
    to = midnight.plus(Duration.ofHours(1));
    range = new String[] {"--from", from.toString(), "--to", to.toString(), "--metrics", "page_views",
        "--tenants", String.join(",", TENANTS)};
    int sent = 0;
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (String tenant : TENANTS) {
        for (int minute = 0; minute < 180; minute++) {
          Instant at = from.plusSeconds(minute * 60L + 11);
          GenericRecord event = pageView(tenant, at, "/p" + (minute % 3));
          producer.send(event);
          sent++;
          if (minute % 7 == 0) {
            producer.send(pageView(tenant, at.plusSeconds(5), "/x"));
            sent++;
          }
          if (minute == 90) {
            producer.send(event); // a client's retry: archived twice, counted once
            sent++;
          }
        }
      }
      producer.flush();
    }
    int archived = sent;
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5))
        .until(() -> archivedRows(stack).size() == archived);
    fixedCatalog = stack.runDir().resolve("fixed-catalog.yml");
    Files.writeString(fixedCatalog, Files.readString(stack.catalogFile()).replace(
        "    filter: {event_types: [page_view]}",
        "    filter: {event_types: [page_view], properties: {page: [/p0, /p1]}}"));
  }

  @Test
  @Order(1)
  void aRunServesTheRecountOfTheArchiveWithTheDaysItRestated(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    LocalStack.Outcome plan = stack.backfill(args("plan"));
    assertThat(plan.exit()).isZero();
    assertThat(plan.output()).contains(LocalDate.ofInstant(from, ZoneOffset.UTC).toString())
        .contains(LocalDate.ofInstant(midnight, ZoneOffset.UTC).toString());

    LocalStack.Outcome run = stack.backfill(args("run"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("restated 2 day(s)").contains("rows/s");

    for (String tenant : TENANTS) {
      Map<Instant, Double> expected = recount(stack, tenant, ORIGINAL);
      JsonNode answer = awaitServed(api, tenant, expected);
      assertThat(answer.get("restated")).isNotEmpty();
      answer.get("windows").forEach(w -> assertThat(w.get("restated_at").asText()).isNotEmpty());
    }
    assertThat(stack.backfill(args("verify")).exit()).isZero();
  }

  @Test
  @Order(2)
  void aFixedDefinitionIsShownByADryRunThenRestatedAndRevertedForEveryTenant(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    LocalStack.Outcome dryRun = stack.backfill(args("run", "--dry-run", "--catalog", fixedCatalog.toString()));
    assertThat(dryRun.exit()).isZero();
    // Per day: the windows served, recounted, changed, added and removed, then the events of each side.
    long removedWindows = dryRun.output().lines().filter(l -> l.startsWith("page_views"))
        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[6])).sum();
    assertThat(removedWindows).as(dryRun.output()).isPositive();
    for (String tenant : TENANTS) {
      assertThat(served(api, tenant)).as("the dry run changed nothing").isEqualTo(recount(stack, tenant, ORIGINAL));
    }

    LocalStack.Outcome fix = stack.backfill(args("run", "--catalog", fixedCatalog.toString()));
    assertThat(fix.exit()).as(fix.output()).isZero();
    for (String tenant : TENANTS) {
      awaitServed(api, tenant, recount(stack, tenant, FIXED));
    }

    LocalStack.Outcome revert = stack.backfill("revert", "--run", runId(fix));
    assertThat(revert.exit()).as(revert.output()).isZero();
    for (String tenant : TENANTS) {
      awaitServed(api, tenant, recount(stack, tenant, ORIGINAL));
    }
  }

  @Test
  @Order(3)
  void aRunKilledHalfwayAndResumedServesWhatAnUninterruptedOneDoes(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    LocalStack.Outcome killed = stack.backfill(args("run", "--catalog", fixedCatalog.toString(),
        "--fault-halt-after-swap-started", "2"));
    assertThat(killed.exit()).as(killed.output()).isEqualTo(137);
    // The first day was swapped; the second day's swap never finished and readers still see it whole.
    LocalStack.Outcome resumed = stack.backfill("run", "--resume", runId(killed));
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    for (String tenant : TENANTS) {
      awaitServed(api, tenant, recount(stack, tenant, FIXED));
    }
    assertThat(stack.backfill(args("verify", "--catalog", fixedCatalog.toString())).exit()).isZero();
  }

  @Test
  @Order(4)
  void aBackfillForOneTenantLeavesEveryOtherTenantUnchanged(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Map<Instant, Double> betaBefore = served(api, BETA);
    LocalStack.Outcome alphaOnly = stack.backfill("run", "--from", from.toString(), "--to", to.toString(),
        "--metrics", "page_views", "--tenants", ALPHA);
    assertThat(alphaOnly.exit()).as(alphaOnly.output()).isZero();
    awaitServed(api, ALPHA, recount(stack, ALPHA, ORIGINAL));
    assertThat(served(api, BETA)).isEqualTo(betaBefore).isEqualTo(recount(stack, BETA, FIXED));
  }

  @Test
  @Order(5)
  void badRequestsAreRefusedWithAReasonAndChangeNothing(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Map<Instant, Double> before = served(api, ALPHA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    assertRefused(stack, "in the future", "run", "--from", now.minus(Duration.ofHours(1)).toString(), "--to",
        now.plus(Duration.ofHours(1)).toString());
    assertRefused(stack, "may still take late events", "run", "--from", now.minus(Duration.ofHours(2)).toString(),
        "--to", now.minus(Duration.ofMinutes(30)).toString());
    assertRefused(stack, "retention", "run", "--from", now.minus(Duration.ofDays(800)).truncatedTo(ChronoUnit.DAYS).toString(),
        "--to", now.minus(Duration.ofDays(799)).truncatedTo(ChronoUnit.DAYS).toString());
    Path broken = Files.writeString(stack.runDir().resolve("broken-catalog.yml"), "metrics:\n  - name: x\n    aggregation: median\n");
    assertRefused(stack, "fails validation", args("run", "--catalog", broken.toString()));
    String day = LocalDate.ofInstant(midnight, ZoneOffset.UTC).toString();
    try (Connection other = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_iceberg", "pulse", "")) {
      // Another rewrite holds the day: its lock, as the backfill and the Minion tasks take it.
      try (ResultSet locked = other.createStatement().executeQuery(
          "SELECT pg_try_advisory_lock(hashtext('pulse-history:metrics_history:" + day + "'))")) {
        assertThat(locked.next() && locked.getBoolean(1)).isTrue();
      }
      assertRefused(stack, "is being rewritten by another", args("run"));
    }
    assertThat(served(api, ALPHA)).isEqualTo(before);
  }

  @Test
  @Order(6)
  void aReadAcrossHistoryAndRealtimeEqualsTheRecountOfTheArchive(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 5; i++) {
        producer.send(pageView(ALPHA, Instant.now().minusSeconds(30 + i), "/p" + i));
      }
      producer.flush();
    }
    Instant end = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
    String query = "/v1/metrics/page_views?window_start=" + from + "&window_end=" + end + "&dimensions=tenant:" + ALPHA
        + "&granularity=1h";
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions()
        .untilAsserted(() -> assertThat(PulseApi.json(api.get(query)).get("total").asDouble())
            .isEqualTo(archivedEvents(stack, ALPHA, end)).isEqualTo(recount(stack, ALPHA, ORIGINAL).values().stream()
                .mapToDouble(Double::doubleValue).sum() + 5));
    assertThat(PulseApi.json(api.get(query)).get("source").asText()).isEqualTo("both");
  }

  @Test
  @Order(7)
  void aRunQueuedOnTheMinionRestatesAsADirectRunDoes(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    assertThat(served(api, BETA)).isEqualTo(recount(stack, BETA, FIXED));
    // PulseArchiveSegmentsTask on the stack's Minion, with the live catalog: BETA back to the original definition.
    LocalStack.Outcome queued = stack.backfill("run", "--from", from.toString(), "--to", to.toString(), "--metrics",
        "page_views", "--tenants", BETA, "--via-minion");
    assertThat(queued.exit()).as(queued.output()).isZero();
    assertThat(queued.output()).contains("COMPLETED");
    awaitServed(api, BETA, recount(stack, BETA, ORIGINAL));
  }

  private static void assertRefused(LocalStack stack, String reason, String... args) throws Exception {
    JsonNode visible = visibleSegments(stack);
    LocalStack.Outcome outcome = stack.backfill(args);
    assertThat(outcome.exit()).as(outcome.output()).isEqualTo(2);
    assertThat(outcome.output()).contains("refused:").contains(reason);
    assertThat(visibleSegments(stack)).as("a refused request swaps nothing").isEqualTo(visible);
  }

  /** The history segments readers see. */
  private static JsonNode visibleSegments(LocalStack stack) throws Exception {
    var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var response = client.send(java.net.http.HttpRequest.newBuilder(stack.pinotControllerUrl()
        .resolve("/segments/metrics_history?type=OFFLINE&excludeReplacedSegments=true")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return PulseApi.JSON.readTree(response.body());
  }

  private static String[] args(String command, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of(command));
    args.addAll(List.of(range));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static String runId(LocalStack.Outcome run) {
    return run.output().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
  }

  private static GenericRecord pageView(String tenant, Instant at, String page) {
    return DirectProducer.event("page_view", "backfill-drill", tenant, "u", at, Map.of("page", page));
  }

  /** The tenant's page views per hour as served, read as a dashboard would. */
  private static Map<Instant, Double> served(PulseApi api, String tenant) throws Exception {
    Map<Instant, Double> hours = new TreeMap<>();
    read(api, tenant).get("windows")
        .forEach(w -> hours.put(Instant.parse(w.get("window_start").asText()), w.get("value").asDouble()));
    return hours;
  }

  private static JsonNode read(PulseApi api, String tenant) throws Exception {
    return PulseApi.json(api.get("/v1/metrics/page_views?window_start=" + from + "&window_end=" + to
        + "&dimensions=tenant:" + tenant + "&granularity=1h"));
  }

  /** Waits for a swap to reach reads (the API learns of it within seconds). */
  private static JsonNode awaitServed(PulseApi api, String tenant, Map<Instant, Double> expected) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .untilAsserted(() -> assertThat(served(api, tenant)).isEqualTo(expected));
    try {
      return read(api, tenant);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ground truth: the tenant's archived page views per hour, each event once, under a definition. */
  private static Map<Instant, Double> recount(LocalStack stack, String tenant, Predicate<String> counts) throws Exception {
    Map<Instant, Double> hours = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (Record row : archivedRows(stack)) {
      Instant at = ((java.time.OffsetDateTime) row.getField("event_time")).toInstant();
      if (tenant.equals(row.getField("tenant")) && seen.add((String) row.getField("event_id"))
          && counts.test((String) row.getField("page"))) {
        hours.merge(at.truncatedTo(ChronoUnit.HOURS), 1.0, Double::sum);
      }
    }
    return hours;
  }

  private static long archivedEvents(LocalStack stack, String tenant, Instant end) throws Exception {
    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      return archive.rows("page_view", Expressions.and(Expressions.equal("tenant", tenant),
              Expressions.greaterThanOrEqual("event_time", from.toEpochMilli() * 1000),
              Expressions.lessThan("event_time", end.toEpochMilli() * 1000)))
          .stream().map(r -> r.getField("event_id")).distinct().count();
    }
  }

  private static List<Record> archivedRows(LocalStack stack) throws Exception {
    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      return archive.rows("page_view", Expressions.and(Expressions.in("tenant", ALPHA, BETA),
          Expressions.greaterThanOrEqual("event_time", from.toEpochMilli() * 1000),
          Expressions.lessThan("event_time", to.toEpochMilli() * 1000)));
    }
  }
}
