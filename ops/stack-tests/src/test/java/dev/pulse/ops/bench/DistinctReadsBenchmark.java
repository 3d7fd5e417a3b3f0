package dev.pulse.ops.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distinct reads at a fixed rate, as a fleet of dashboards and customer UIs sends them: every request
 * a different query (tenant, metric, range, granularity, filter or group-by), each with its tenant's
 * read token. Run it with the API's answer sharing off ({@code query.cacheOpenFor: 0s}, which
 * {@code ops/bench query --distinct} sets) and the demo load running, so every request is a Pinot
 * query and the stack is busy as in production. Open loop, latency from when a request was due.
 */
public final class DistinctReadsBenchmark {
  private static final List<String> SOURCES = List.of("web", "ios", "android");
  private static final int PAGES = 40;
  private static final Duration BASELINE = Duration.ofSeconds(20);

  private DistinctReadsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args,
        "DistinctReadsBenchmark --api URL --admin-key FILE [--rate 200] [--seconds 60] [--tenants 10]"
            + " [--cpu-of name=pidfile,...] [--api-admin URL] --out FILE");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
    int tenantCount = Integer.parseInt(opts.getOrDefault("tenants", "10"));
    int perMinute = Integer.parseInt(opts.getOrDefault("events-per-minute", "60"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "15")));
    Duration measure = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "60")));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofHours(1));
    String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
    List<String> tenants = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    long seeded = 0;
    for (int t = 0; t < tenantCount; t++) {
      String tenant = "reads-" + run + "-" + t;
      seeded += QueryBenchmark.seed(http, api, adminKey, tenant, start, perMinute);
      tenants.add(tenant);
      tokens.add(QueryBenchmark.token(http, api, adminKey, tenant, "page_views", "event_count"));
    }
    String range = "window_start=" + start + "&window_end=" + end.plus(Duration.ofMinutes(1));
    QueryBenchmark.awaitServed(http, api, tokens.get(tenantCount - 1), "/v1/metrics/page_views?" + range,
        (long) perMinute * SOURCES.size() * 60);

    ProcessCpu cpu = opts.containsKey("cpu-of") ? ProcessCpu.of(opts.get("cpu-of")) : null;
    Map<String, Double> idleCpu = cpu == null ? Map.of() : cpuWithoutReads(cpu, BASELINE);
    AtomicLong next = new AtomicLong();
    System.out.printf("%d distinct req/s over %d tenants: warming up %d s, then measuring %d s%n", rate, tenantCount,
        warmup.toSeconds(), measure.toSeconds());
    Map<String, Long> cpuBefore = new HashMap<>();
    Map<String, Double> readsBefore = new HashMap<>();
    URI admin = opts.containsKey("api-admin") ? URI.create(opts.get("api-admin")) : null;
    Latencies latencies = QueryBenchmark.measureRequests(http, ignored -> {
      long i = next.getAndIncrement();
      if (cpu != null && i == (long) rate * warmup.toSeconds()) {
        cpuBefore.putAll(cpu.millisUsed()); // the first request of the measured span
      }
      if (admin != null && i == (long) rate * warmup.toSeconds()) {
        readsBefore.putAll(readsFrom(http, admin));
      }
      int t = (int) (i % tenantCount);
      return QueryBenchmark.get(api.resolve(distinctQuery(i / tenantCount, end)), tokens.get(t));
    }, rate, warmup, measure);
    Map<String, Double> readsAfter = admin == null ? Map.of() : readsFrom(http, admin);
    Map<String, Double> readCpu =
        cpu == null ? Map.of() : ProcessCpu.perSecond(cpuBefore, cpu.millisUsed(), measure.toSeconds());

    String report = String.format(
        """
        # metrics-api distinct reads

        - When: %s
        - Machine: %s (the load process and the whole stack, demo load included, share them)
        - Data: %,d page views seeded over the last hour for %d tenants (%d a minute from each of %d sources, %d pages),
          beside the demo load's tenants, served from the Pinot realtime upsert table
        - Load: open loop at %d req/s for %d s after a %d s warm-up; every request a different query: one of the
          %d tenants with its own read token, page_views or event_count, a range of 15 min to 1 h ending up to
          30 min ago at 1m or 5m, and a filter (source, page) or a group-by (source, page) or neither; the API's
          answer sharing off (`query.cacheOpenFor: 0s`), so no read shares another's answer: each is answered
          from the API's recent rows (`query.recentRows`) or by a Pinot query of its own. Latency from when a
          request was due.
        - Target: p99 at most 50 ms, no errors
        - Reads of the measured span by where their rows came from (the API's `pulse_query_reads_total`): %s

        | distinct reads | p50 | p99 | max | answered 200 | responses |
        |---|---|---|---|---|---|
        | %d req/s | %.1f ms | %.1f ms | %.1f ms | %,.0f req/s | %s |
        %s""",
        Instant.now(), Latencies.machine(), seeded, tenantCount, perMinute, SOURCES.size(), PAGES, rate,
        measure.toSeconds(), warmup.toSeconds(), tenantCount, difference(readsBefore, readsAfter), rate, latencies.millis(0.5), latencies.millis(0.99),
        latencies.millis(1.0), latencies.ok() / (double) measure.toSeconds(), latencies.statuses(),
        cpuTable(idleCpu, readCpu, latencies.ok() / (double) measure.toSeconds(), rate));
    Path out = Path.of(opts.get("out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** The API's reads so far by where their rows came from: {@code memory} or {@code pinot}. */
  private static Map<String, Double> readsFrom(HttpClient http, URI admin) {
    Map<String, Double> reads = new HashMap<>();
    try {
      String body = http.send(HttpRequest.newBuilder(admin.resolve("/prometheus")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      Matcher line = READS.matcher(body);
      while (line.find()) {
        reads.put(line.group(1), Double.parseDouble(line.group(2)));
      }
    } catch (java.io.IOException e) {
      System.out.println("could not read the API's metrics: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return reads;
  }

  private static String difference(Map<String, Double> before, Map<String, Double> after) {
    if (after.isEmpty()) {
      return "not measured";
    }
    StringBuilder out = new StringBuilder();
    new TreeMap<>(after).forEach((from, count) -> out.append(out.isEmpty() ? "" : ", ").append(from).append(" ")
        .append(String.format("%,.0f", count - before.getOrDefault(from, 0.0))));
    return out.toString();
  }

  private static final Pattern READS =
      Pattern.compile("(?m)^pulse_query_reads_total\\{rows_from=\"(\\w+)\"\\} (\\S+)$");

  /** CPU ms per second of each process while the demo load runs and no read is sent. */
  private static Map<String, Double> cpuWithoutReads(ProcessCpu cpu, Duration span) throws InterruptedException {
    System.out.printf("measuring CPU without reads for %d s%n", span.toSeconds());
    Map<String, Long> before = cpu.millisUsed();
    Thread.sleep(span.toMillis());
    return ProcessCpu.perSecond(before, cpu.millisUsed(), span.toSeconds());
  }

  /**
   * What the reads cost each process: its CPU while they ran, less its CPU without them, per read
   * answered. When most reads were not answered the path was saturated and the division means
   * nothing, so the table says so and gives the CPU the three processes got.
   */
  private static String cpuTable(Map<String, Double> idle, Map<String, Double> reading, double answeredPerSecond,
      int rate) {
    if (reading.isEmpty()) {
      return "";
    }
    boolean saturated = answeredPerSecond < 0.95 * rate;
    StringBuilder table = new StringBuilder(String.format("""

        CPU of the serving path, from /proc: each process's CPU over %d s without reads (the demo load
        running), then over the measured span; the difference divided by the reads answered.

        | process | CPU without reads | CPU with reads | CPU per read |
        |---|---|---|---|
        """, BASELINE.toSeconds()));
    double total = 0;
    double totalRate = 0;
    for (Map.Entry<String, Double> e : reading.entrySet()) {
      double extra = e.getValue() - idle.get(e.getKey());
      total += extra / answeredPerSecond;
      totalRate += e.getValue();
      table.append(String.format("| %s | %.0f ms/s | %.0f ms/s | %s |%n", e.getKey(), idle.get(e.getKey()),
          e.getValue(), saturated ? "saturated" : String.format("%.1f ms", extra / answeredPerSecond)));
    }
    return table.append(saturated
        ? String.format("| all | | %.0f ms/s | saturated: %.0f of %d reads a second answered |%n", totalRate,
            answeredPerSecond, rate)
        : String.format("| all | | | %.1f ms: %d reads a second would take %.1f cores |%n", total, 200,
            total * 200 / 1000)).toString();
  }

  /**
   * The k-th query of a tenant: a mixed-radix walk over metric, range, granularity and shape, so no
   * two requests of a run are the same (the range's start moves by a second once the shapes repeat).
   */
  static String distinctQuery(long k, Instant end) {
    String metric = k % 2 == 0 ? "page_views" : "event_count";
    long rest = k / 2;
    int endsAgo = (int) (rest % 31);
    rest /= 31;
    int minutes = List.of(15, 30, 60).get((int) (rest % 3));
    rest /= 3;
    String granularity = rest % 2 == 0 ? "1m" : "5m";
    rest /= 2;
    int shape = (int) (rest % 5);
    rest /= 5;
    Instant to = end.minus(Duration.ofMinutes(endsAgo));
    Instant from = to.minus(Duration.ofMinutes(minutes)).plusSeconds(rest % 60);
    String query = "/v1/metrics/" + metric + "?window_start=" + from + "&window_end=" + to + "&granularity=" + granularity;
    return query + switch (shape) {
      case 0 -> "";
      case 1 -> "&dimensions=" + QueryBenchmark.encode("source:" + SOURCES.get((int) (k % SOURCES.size())));
      case 2 -> "&group_by=source";
      case 3 -> metric.equals("page_views")
          ? "&dimensions=" + QueryBenchmark.encode("properties.page:/page/" + k % PAGES)
          : "&dimensions=" + QueryBenchmark.encode("event_type:page_view");
      default -> metric.equals("page_views") ? "&group_by=properties.page" : "&group_by=event_type";
    };
  }
}
