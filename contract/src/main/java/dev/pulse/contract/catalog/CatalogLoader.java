package dev.pulse.contract.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pulse.contract.events.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a catalog YAML file and validates it as a whole, so an operator sees every mistake at once
 * rather than one per restart.
 */
public final class CatalogLoader {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  record CatalogFile(@JsonProperty(value = "metrics", required = true) List<MetricSpec> metrics) {}

  record MetricSpec(
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("aggregation") String aggregation,
      @JsonProperty("filter") FilterSpec filter,
      @JsonProperty("dimensions") List<String> dimensions) {}

  record FilterSpec(@JsonProperty("event_types") List<String> eventTypes) {}

  private CatalogLoader() {}

  public static MetricCatalog fromFile(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.toString());
    } catch (IOException e) {
      throw new CatalogException(path.toString(), List.of("cannot read: " + e.getMessage()));
    }
  }

  static MetricCatalog fromResource(String resource) {
    try (InputStream in = CatalogLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new CatalogException(resource, List.of("resource not found"));
      }
      return parse(in, resource);
    } catch (IOException e) {
      throw new CatalogException(resource, List.of("cannot read: " + e.getMessage()));
    }
  }

  public static MetricCatalog parse(InputStream in, String source) {
    CatalogFile file;
    try {
      file = YAML.readValue(in, CatalogFile.class);
    } catch (JsonProcessingException e) {
      throw new CatalogException(source, List.of(describe(e)));
    } catch (IOException e) {
      throw new CatalogException(source, List.of("cannot read: " + e.getMessage()));
    }
    if (file == null || file.metrics() == null) {
      throw new CatalogException(source, List.of("'metrics' is missing"));
    }
    return validate(file.metrics(), source);
  }

  private static MetricCatalog validate(List<MetricSpec> specs, String source) {
    List<String> problems = new ArrayList<>();
    List<MetricDefinition> metrics = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      MetricSpec spec = specs.get(i);
      String where = "metrics[" + i + "]" + (spec.name() == null ? "" : " (" + spec.name() + ")");
      int before = problems.size();
      MetricDefinition metric = toDefinition(spec, where, problems);
      if (metric != null && !names.add(metric.name())) {
        problems.add(where + ": duplicate metric name");
      }
      if (problems.size() == before) {
        metrics.add(metric);
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(source, problems);
    }
    return new MetricCatalog(metrics);
  }

  private static MetricDefinition toDefinition(MetricSpec spec, String where, List<String> problems) {
    if (spec.name() == null || !METRIC_NAME.matcher(spec.name()).matches()) {
      problems.add(where + ": name must match " + METRIC_NAME.pattern());
    }
    Aggregation aggregation = null;
    if (spec.aggregation() == null) {
      problems.add(where + ": aggregation is missing");
    } else {
      try {
        aggregation = Aggregation.parse(spec.aggregation());
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    EventFilter filter = toFilter(spec.filter(), where, problems);
    List<DimensionPath> dimensions = toDimensions(spec.dimensions(), where, problems);
    String description = spec.description() == null ? "" : spec.description().trim();
    return new MetricDefinition(spec.name(), description, aggregation, filter, dimensions);
  }

  private static EventFilter toFilter(FilterSpec spec, String where, List<String> problems) {
    if (spec == null || spec.eventTypes() == null) {
      return EventFilter.ALL;
    }
    for (String type : spec.eventTypes()) {
      if (!EventSchemas.EVENT_TYPES.contains(type)) {
        problems.add(
            where
                + ": filter.event_types names unknown event type '"
                + type
                + "'; known: "
                + EventSchemas.EVENT_TYPES);
      }
    }
    return new EventFilter(new LinkedHashSet<>(spec.eventTypes()));
  }

  private static List<DimensionPath> toDimensions(
      List<String> paths, String where, List<String> problems) {
    List<DimensionPath> dimensions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String path : paths == null ? List.<String>of() : paths) {
      try {
        DimensionPath dimension = DimensionPath.parse(path);
        if (!seen.add(dimension.path())) {
          problems.add(where + ": dimension '" + path + "' is listed twice");
        }
        dimensions.add(dimension);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    return dimensions;
  }

  /** Says where in the file a parse error is, in the catalog's own terms rather than Java's. */
  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return pathOf(unknown)
          + ": unknown key '"
          + unknown.getPropertyName()
          + "'; expected one of "
          + new TreeSet<>(unknown.getKnownPropertyIds());
    }
    String where = e instanceof JsonMappingException mapping ? pathOf(mapping) + ": " : "";
    String line =
        e.getLocation() == null ? "" : " (near line " + e.getLocation().getLineNr() + ")";
    return where + e.getOriginalMessage() + line;
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    List<JsonMappingException.Reference> refs = e.getPath();
    // The last reference is the offending key itself; the message names it separately.
    int end = e instanceof UnrecognizedPropertyException ? refs.size() - 1 : refs.size();
    for (JsonMappingException.Reference ref : refs.subList(0, Math.max(end, 0))) {
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      }
    }
    return path.isEmpty() ? "catalog" : path.toString();
  }
}
