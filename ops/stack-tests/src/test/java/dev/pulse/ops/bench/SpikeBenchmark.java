package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A tenfold spike on the whole stack: a steady rate of page views over HTTP, ten times that for a
 * while, then the steady rate again ({@link SpikeLoad}, a client that retries 429 and 503 after
 * their Retry-After). It reports, per phase, the answers and the longest stretch without an
 * accepted batch; how long the pre-aggregation job took to drain the lag the spike left; and a
 * recount: the events the API serves for the load's source against those it accepted.
 *
 * <p>Run through {@code ops/bench spike}; SpikeIT runs the same at CI's size.
 */
public final class SpikeBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run found; {@link #holds()} says whether nothing was lost, doubled or answered wrongly. */
  /**
   * @param clientDrain from the end of the spike until the client had nothing queued: how long
   *     producers held events the API could not yet take
   * @param drain from the end of the spike until the pre-aggregation job's lag was back to steady
   */
  public record Outcome(List<SpikeLoad.Phase> phases, long accepted, double served, Optional<Duration> clientDrain,
      Optional<Duration> drain, boolean allAccepted) {
    public boolean holds() {
      return allAccepted && served == accepted && phases.stream().allMatch(SpikeBenchmark::onlyExpectedAnswers);
    }
  }

  private SpikeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args,
        "SpikeBenchmark --api URL --admin-key FILE --kafka HOST:PORT [--steady 2000] [--factor 10] [--spike-seconds 300]"
            + " [--connections 32]");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    double steady = Double.parseDouble(opts.getOrDefault("steady", "2000"));
    int factor = Integer.parseInt(opts.getOrDefault("factor", "10"));
    Duration spike = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("spike-seconds", "300")));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
    Path out = Path.of(opts.getOrDefault("out", "bench-results/spike.md"));

    Outcome outcome = run(api, adminKey, opts.get("kafka"), steady, factor, spike, Duration.ofSeconds(30), connections);
    String report = report(outcome, steady, factor, spike, connections);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
    if (!outcome.holds()) {
      System.exit(1);
    }
  }

  /**
   * @param calm how long the steady rate runs before and after the spike
   * @param connections how many requests the producers have in flight at most
   */
  public static Outcome run(URI api, String adminKey, String kafka, double steady, int factor, Duration spike,
      Duration calm, int connections) throws Exception {
    String source = "spike-" + Instant.now().getEpochSecond();
    String key = mintKey(api, adminKey, source);
    List<SpikeLoad.Phase> phases = new ArrayList<>();
    try (SpikeLoad load = new SpikeLoad(api, key, source, 100, connections);
        ConsumerLag lag = new ConsumerLag(kafka, "pulse-preagg", "events.raw")) {
      phases.add(load.run("steady, before", steady, calm));
      long usualLag = lag.records();
      phases.add(load.run(factor + "x spike", steady * factor, spike));
      System.out.printf("spike over; lag %,d records (%,d before it)%n", lag.records(), usualLag);
      // Drained: back to the lag of steady load, give or take two seconds of it.
      long drained = Math.max(usualLag, (long) (steady * 2));
      Duration patience = spike.multipliedBy(10).plusMinutes(5);
      CompletableFuture<Optional<Duration>> clientWatch = CompletableFuture.supplyAsync(() -> {
        try {
          return load.timeToEmptyQueue(patience);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      });
      CompletableFuture<Optional<Duration>> drainWatch = clientWatch.thenApply(client -> {
        try {
          // The job can only drain once the producers have sent what they held back.
          Optional<Duration> rest = lag.timeToDrain(drained, patience);
          return client.isEmpty() || rest.isEmpty() ? Optional.<Duration>empty() : Optional.of(client.get().plus(rest.get()));
        } catch (Exception e) {
          throw new IllegalStateException("could not read the lag", e);
        }
      });
      phases.add(load.run("steady, after", steady, calm));
      Optional<Duration> clientDrain = clientWatch.get();
      Optional<Duration> drain = drainWatch.get();
      boolean allAccepted = load.awaitAllAccepted(Duration.ofMinutes(3));
      long accepted = load.eventsAccepted();
      double served = awaitServed(api, adminKey, source, accepted, Duration.ofMinutes(3));
      return new Outcome(phases, accepted, served, clientDrain, drain, allAccepted);
    }
  }

  /** Meaningful only once every batch was acknowledged: before that, the server may hold batches whose answer was lost. */
  private static String lostAndDoubled(Outcome outcome) {
    if (!outcome.allAccepted()) {
      return "not known: some batches were never acknowledged";
    }
    return String.format("%,.0f / %,.0f", Math.max(0, outcome.accepted() - outcome.served()),
        Math.max(0, outcome.served() - outcome.accepted()));
  }

  private static boolean onlyExpectedAnswers(SpikeLoad.Phase phase) {
    return phase.answerCounts().keySet().stream()
        .allMatch(a -> a.equals("200") || a.equals("429 + Retry-After") || a.equals("503 + Retry-After"));
  }

  /** The source's event count as the API serves it, once it reaches {@code expected} or the time is up. */
  private static double awaitServed(URI api, String adminKey, String source, long expected, Duration within)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant now = Instant.now();
    String query = "window_start=" + now.minus(Duration.ofHours(2)) + "&window_end=" + now.plus(Duration.ofHours(1))
        + "&dimensions=" + URLEncoder.encode("source:" + source, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + within.toNanos();
    double served = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(api.resolve("/v1/metrics/event_count?" + query))
              .header("Authorization", "Bearer " + adminKey).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        served = JSON.readTree(response.body()).path("total").asDouble();
        if (served >= expected) {
          // One more read after the job's next emissions: a count above the accepted would show now.
          Thread.sleep(5_000);
          return JSON.readTree(http.send(
              HttpRequest.newBuilder(api.resolve("/v1/metrics/event_count?" + query))
                  .header("Authorization", "Bearer " + adminKey).GET().build(),
              HttpResponse.BodyHandlers.ofString()).body()).path("total").asDouble();
        }
      }
      Thread.sleep(1_000);
    }
    return served;
  }

  private static String mintKey(URI api, String adminKey, String source) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(api.resolve("/v1/keys"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminKey)
            .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"producer\",\"source\":\"" + source
                + "\",\"rate_limit_per_second\":10000000,\"description\":\"spike benchmark\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("could not mint a key: " + response.body());
    }
    return JSON.readTree(response.body()).get("key").asText();
  }

  public static String report(Outcome outcome, double steady, int factor, Duration spike, int connections) {
    StringBuilder table = new StringBuilder(String.format(
        """
        # Spike benchmark: %dx for %d s

        - When: %s
        - Machine: %s; the whole stack (ops/stack up) on it, the load process too
        - Load: page views over HTTP in batches of 100, each with its own event ids, made at %,.0f events/s, then
          %,.0f events/s for %d s, then %,.0f events/s again (the phases below), queued in the client and sent
          over %d connections. A 429 or 503 is retried after its Retry-After, no answer after an exponential
          backoff from 0.5 s, with jitter and the same body.

        | phase | events/s made | answers | batches queued in the client at its end | longest stretch without an acknowledged batch |
        |---|---|---|---|---|
        """,
        factor, spike.toSeconds(), Instant.now(), Latencies.machine(), steady, steady * factor, spike.toSeconds(), steady,
        connections));
    for (SpikeLoad.Phase phase : outcome.phases()) {
      table.append(String.format("| %s | %,.0f | %s | %,d | %.1f s |%n",
          phase.name, phase.eventsPerSecond, phase.answerCounts(), phase.queuedAtEnd(),
          phase.longestSecondsWithoutAcceptance()));
    }
    table.append(String.format(
        """

        | figure | value |
        |---|---|
        | every batch sent accepted in the end | %s |
        | events accepted | %,d |
        | events served by GET /v1/metrics/event_count for the source | %,.0f |
        | lost / counted twice | %s |
        | time from the end of the spike until the client had nothing queued | %s |
        | time from the end of the spike until pulse-preagg's lag on events.raw was back to steady | %s |
        | verdict | %s |
        """,
        outcome.allAccepted() ? "yes" : "NO",
        outcome.accepted(), outcome.served(),
        lostAndDoubled(outcome),
        outcome.clientDrain().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("NOT emptied in time"),
        outcome.drain().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("NOT drained in time"),
        outcome.holds() ? "holds: nothing lost, nothing counted twice, only 200, 429 and 503 with Retry-After"
            : "FAILS"));
    return table.toString();
  }
}
