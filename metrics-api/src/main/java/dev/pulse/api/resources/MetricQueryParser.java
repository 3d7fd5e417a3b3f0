package dev.pulse.api.resources;

import dev.pulse.api.query.Granularity;
import dev.pulse.api.query.MetricQuery;
import dev.pulse.api.query.QueryLimits;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Turns the parameters of a metric read into a {@link MetricQuery}, or a 400 that says what to fix. */
final class MetricQueryParser {
  static final Duration DEFAULT_RANGE = Duration.ofHours(1);

  private final QueryLimits limits;
  private final Clock clock;

  MetricQueryParser(QueryLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  MetricQuery parse(MetricDefinition metric, MetricReadParams params, Optional<String> tenant) {
    WindowSpec window = windowOf(metric, params.window);
    Instant to = params.windowEnd == null ? clock.instant() : instant("window_end", params.windowEnd);
    Instant from = params.windowStart == null ? to.minus(DEFAULT_RANGE) : instant("window_start", params.windowStart);
    validateRange(from, to);
    Duration granularity = granularity(window, params.granularity);
    validateBuckets(from, to, granularity);
    return new MetricQuery(
        metric, window, from, to, filters(metric, params.dimensions), groupBy(metric, params.groupBy), granularity, tenant);
  }

  static WindowSpec windowOf(MetricDefinition metric, String window) {
    if (window == null || window.isBlank()) {
      return metric.windows().get(0);
    }
    return switch (window) {
      case "tumbling" -> firstWindow(metric, WindowSpec::isTumbling, "tumbling");
      case "sliding" -> firstWindow(metric, w -> !w.isTumbling(), "sliding");
      default -> metric.window(window).orElseThrow(() -> ApiErrors.badRequest("window '" + window
          + "' must be tumbling, sliding or one of " + metric.name() + "'s windows " + metric.windows()));
    };
  }

  private static WindowSpec firstWindow(MetricDefinition metric, Predicate<WindowSpec> kind, String name) {
    return metric.windows().stream().filter(kind).findFirst().orElseThrow(() -> ApiErrors.badRequest(
        metric.name() + " has no " + name + " window; its windows are " + metric.windows()));
  }

  private static Duration granularity(WindowSpec window, String granularity) {
    if (granularity == null || granularity.isBlank()) {
      return window.slide();
    }
    Duration size = Granularity.parse(granularity).orElseThrow(() -> ApiErrors.badRequest(
        "granularity '" + granularity + "' must be one of " + String.join(", ", Granularity.names())));
    if (!window.isTumbling()) {
      if (size.equals(window.slide())) {
        return size;
      }
      throw ApiErrors.badRequest("window " + window.id() + " is sliding: its points are its windows, one every "
          + window.id().substring(window.id().indexOf('/') + 1) + "; granularity applies to tumbling windows");
    }
    if (size.compareTo(window.size()) < 0 || size.toMillis() % window.sizeMillis() != 0) {
      throw ApiErrors.badRequest("granularity " + granularity + " must be a multiple of the stored window " + window.id());
    }
    return size;
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiErrors.badRequest(name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z, got '" + value + "'");
    }
  }

  private void validateRange(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ApiErrors.badRequest("window_start must be before window_end");
    }
    if (Duration.between(from, to).compareTo(limits.maxRange()) > 0) {
      throw ApiErrors.badRequest("the range may span at most " + limits.maxRange().toDays() + " days (query.maxRange)");
    }
  }

  private void validateBuckets(Instant from, Instant to, Duration granularity) {
    long buckets = (Duration.between(from, to).toMillis() + granularity.toMillis() - 1) / granularity.toMillis();
    if (buckets > limits.maxBuckets()) {
      throw ApiErrors.badRequest("the range holds " + buckets + " buckets of " + Granularity.format(granularity) + "; the limit is " + limits.maxBuckets()
          + " (query.maxBuckets): use a coarser granularity or a shorter range");
    }
  }

  static Map<String, List<String>> filters(MetricDefinition metric, String dimensions) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    if (dimensions == null || dimensions.isBlank()) {
      return filters;
    }
    for (String pair : dimensions.split(",")) {
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        throw ApiErrors.badRequest("dimensions must be key:value pairs separated by commas, got '" + pair + "'");
      }
      String key = dimension(metric, pair.substring(0, colon).trim(), "dimensions");
      List<String> values = List.of(pair.substring(colon + 1).split("\\|", -1));
      if (values.stream().anyMatch(String::isEmpty)) {
        throw ApiErrors.badRequest("dimension '" + key + "' has an empty value; separate several values with |");
      }
      if (filters.put(key, values) != null) {
        throw ApiErrors.badRequest("dimension '" + key + "' is given twice; give several values as " + key + ":a|b");
      }
    }
    return filters;
  }

  static List<String> groupBy(MetricDefinition metric, String groupBy) {
    List<String> keys = new ArrayList<>();
    if (groupBy == null || groupBy.isBlank()) {
      return keys;
    }
    for (String key : groupBy.split(",")) {
      String dimension = dimension(metric, key.trim(), "group_by");
      if (keys.contains(dimension)) {
        throw ApiErrors.badRequest("group_by names '" + dimension + "' twice");
      }
      keys.add(dimension);
    }
    return keys;
  }

  private static String dimension(MetricDefinition metric, String key, String parameter) {
    if (!metric.hasDimension(key)) {
      throw ApiErrors.badRequest(parameter + ": '" + key + "' is not a dimension of " + metric.name()
          + "; it has " + metric.dimensions());
    }
    return key;
  }
}
