package dev.pulse.api.resources;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.core.MetricQuery;
import dev.pulse.api.core.MetricReader;
import dev.pulse.api.pinot.PinotBroker.PinotUnavailableException;
import dev.pulse.api.core.CatalogProvider;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /v1/metrics/{metric}: a metric's windows over a time range, filtered by dimensions. */
@Path("/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final CatalogProvider catalog;
  private final MetricReader reader;
  private final Clock clock;

  public MetricsResource(CatalogProvider catalog, MetricReader reader, Clock clock) {
    this.catalog = catalog;
    this.reader = reader;
    this.clock = clock;
  }

  /**
   * @param windowStart ISO-8601 instant; windows starting at or after it. Default: an hour before
   *     window_end.
   * @param windowEnd ISO-8601 instant; windows starting before it. Default: now.
   * @param dimensions {@code key:value,key:value}; keys are the metric's dimensions.
   * @param window one of the metric's windows, e.g. {@code 1m} or {@code 5m/30s}; default: its first.
   */
  @GET
  @Path("/{metric}")
  public MetricSeries read(
      @PathParam("metric") String metricName,
      @QueryParam("window_start") String windowStart,
      @QueryParam("window_end") String windowEnd,
      @QueryParam("dimensions") String dimensions,
      @QueryParam("window") String window) {
    MetricDefinition metric =
        catalog
            .current()
            .find(metricName)
            .orElseThrow(() -> ApiErrors.notFound("unknown metric '" + metricName + "'; see the metric catalog"));
    Instant to = windowEnd == null ? clock.instant() : instant("window_end", windowEnd);
    Instant from = windowStart == null ? to.minus(DEFAULT_RANGE) : instant("window_start", windowStart);
    validateRange(from, to);
    try {
      return reader.read(new MetricQuery(metric, windowOf(metric, window), from, to, filters(metric, dimensions)));
    } catch (PinotUnavailableException e) {
      throw ApiErrors.unavailable("metrics store unavailable: " + e.getMessage());
    }
  }

  static WindowSpec windowOf(MetricDefinition metric, String window) {
    if (window == null || window.isBlank()) {
      return metric.windows().get(0);
    }
    return metric
        .window(window)
        .orElseThrow(() -> ApiErrors.badRequest(
            "window '" + window + "' is not one of " + metric.name() + "'s windows " + metric.windows()));
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiErrors.badRequest(name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z, got '" + value + "'");
    }
  }

  private static void validateRange(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ApiErrors.badRequest("window_start must be before window_end");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiErrors.badRequest("the range may span at most " + MAX_RANGE.toDays() + " days");
    }
  }

  static Map<String, String> filters(MetricDefinition metric, String dimensions) {
    Map<String, String> filters = new LinkedHashMap<>();
    if (dimensions == null || dimensions.isBlank()) {
      return filters;
    }
    for (String pair : dimensions.split(",")) {
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        throw ApiErrors.badRequest("dimensions must be key:value pairs separated by commas, got '" + pair + "'");
      }
      String key = pair.substring(0, colon).trim();
      if (!metric.hasDimension(key)) {
        throw ApiErrors.badRequest(
            "'" + key + "' is not a dimension of " + metric.name() + "; it has " + metric.dimensions());
      }
      if (filters.put(key, pair.substring(colon + 1)) != null) {
        throw ApiErrors.badRequest("dimension '" + key + "' is given twice");
      }
    }
    return filters;
  }
}
