package dev.pulse.contract.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a catalog YAML file and validates it as a whole, so an operator sees every mistake at once
 * rather than one per restart.
 */
public final class CatalogLoader {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final List<String> DEFAULT_WINDOWS = List.of(WindowSpec.ONE_MINUTE.id());
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

  record CatalogFile(@JsonProperty(value = "metrics", required = true) List<MetricSpec> metrics) {}

  record MetricSpec(
      @JsonProperty("name") String name,
      @JsonProperty("description") String description,
      @JsonProperty("aggregation") String aggregation,
      @JsonProperty("value") String value,
      @JsonProperty("filter") FilterSpec filter,
      @JsonProperty("numerator") FilterSpec numerator,
      @JsonProperty("dimensions") List<String> dimensions,
      @JsonProperty("windows") List<String> windows) {}

  record FilterSpec(
      @JsonProperty("event_types") List<String> eventTypes,
      @JsonProperty("properties") Map<String, List<String>> properties) {}

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
    Problems problems = new Problems();
    List<MetricDefinition> metrics = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      MetricSpec spec = specs.get(i);
      problems.at("metrics[" + i + "]" + (spec.name() == null ? "" : " (" + spec.name() + ")"));
      int before = problems.count();
      MetricDefinition metric = toDefinition(spec, problems);
      if (spec.name() != null && !names.add(spec.name())) {
        problems.add("duplicate metric name");
      }
      if (problems.count() == before) {
        metrics.add(metric);
      }
    }
    if (problems.count() > 0) {
      throw new CatalogException(source, problems.all());
    }
    return new MetricCatalog(metrics);
  }

  private static MetricDefinition toDefinition(MetricSpec spec, Problems problems) {
    if (spec.name() == null || !METRIC_NAME.matcher(spec.name()).matches()) {
      problems.add("name must match " + METRIC_NAME.pattern());
    }
    Aggregation aggregation = aggregation(spec, problems);
    EventFilter filter = filter(spec.filter(), "filter", problems);
    FieldPath value = value(spec, aggregation, filter, problems);
    EventFilter numerator = numerator(spec, aggregation, problems);
    List<FieldPath> dimensions = dimensions(spec.dimensions(), problems);
    List<WindowSpec> windows = windows(spec.windows(), problems);
    String description = spec.description() == null ? "" : spec.description().trim();
    return new MetricDefinition(
        spec.name(), description, aggregation, value, filter, numerator, dimensions, windows);
  }

  private static Aggregation aggregation(MetricSpec spec, Problems problems) {
    if (spec.aggregation() == null) {
      problems.add("aggregation is missing");
      return null;
    }
    try {
      return Aggregation.parse(spec.aggregation());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static FieldPath value(
      MetricSpec spec, Aggregation aggregation, EventFilter filter, Problems problems) {
    if (aggregation == null) {
      return null;
    }
    if (!aggregation.readsValue()) {
      if (spec.value() != null) {
        problems.add(aggregation.label() + " takes no value field");
      }
      return null;
    }
    if (spec.value() == null) {
      problems.add(aggregation.label() + " needs a value field, e.g. value: properties.amount");
      return null;
    }
    try {
      FieldPath value = FieldPath.parse(spec.value());
      SchemaChecks.checkValue(value, aggregation, filter).ifPresent(problems::add);
      return value;
    } catch (IllegalArgumentException e) {
      problems.add("value: " + e.getMessage());
      return null;
    }
  }

  private static EventFilter numerator(MetricSpec spec, Aggregation aggregation, Problems problems) {
    if (aggregation == Aggregation.RATIO && spec.numerator() == null) {
      problems.add("ratio needs a numerator filter, e.g. numerator: {event_types: [error]}");
    }
    if (aggregation != Aggregation.RATIO && spec.numerator() != null) {
      problems.add("only ratio metrics take a numerator");
    }
    return spec.numerator() == null ? null : filter(spec.numerator(), "numerator", problems);
  }

  private static EventFilter filter(FilterSpec spec, String name, Problems problems) {
    if (spec == null) {
      return EventFilter.ALL;
    }
    List<String> types = spec.eventTypes() == null ? List.of() : spec.eventTypes();
    types.stream()
        .filter(type -> !SchemaChecks.isKnownEventType(type))
        .forEach(type -> problems.add(name + ".event_types names unknown event type '" + type + "'; known: " + SchemaChecks.knownEventTypes()));
    Map<String, List<String>> properties = spec.properties() == null ? Map.of() : spec.properties();
    EventFilter filter =
        new EventFilter(
            new HashSet<>(types),
            properties.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue()))));
    properties.keySet().stream()
        .filter(property -> !SchemaChecks.anyTypeHasProperty(filter, property))
        .forEach(property -> problems.add(name + ".properties: no event type of the filter has property '" + property + "'"));
    return filter;
  }

  /** The metric's dimensions, always led by {@code tenant}: reads are scoped by it. */
  private static List<FieldPath> dimensions(List<String> paths, Problems problems) {
    List<FieldPath> dimensions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    dimensions.add(Tenants.DIMENSION);
    seen.add(Tenants.DIMENSION.path());
    for (String path : paths == null ? List.<String>of() : paths) {
      try {
        FieldPath dimension = FieldPath.parse(path);
        if (!seen.add(dimension.path())) {
          problems.add("dimension '" + path + "' is listed twice");
        }
        dimensions.add(dimension);
      } catch (IllegalArgumentException e) {
        problems.add("dimensions: " + e.getMessage());
      }
    }
    return dimensions;
  }

  private static List<WindowSpec> windows(List<String> texts, Problems problems) {
    List<WindowSpec> windows = new ArrayList<>();
    for (String text : texts == null || texts.isEmpty() ? DEFAULT_WINDOWS : texts) {
      try {
        WindowSpec window = WindowSpec.parse(text);
        if (windows.contains(window)) {
          problems.add("window '" + text + "' is listed twice");
        }
        windows.add(window);
      } catch (IllegalArgumentException e) {
        problems.add("windows: " + e.getMessage());
      }
    }
    return windows;
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
    String line = e.getLocation() == null ? "" : " (near line " + e.getLocation().getLineNr() + ")";
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

  /** Problems found so far, each prefixed with the metric it is about. */
  private static final class Problems {
    private final List<String> all = new ArrayList<>();
    private String where = "";

    void at(String where) {
      this.where = where;
    }

    void add(String problem) {
      all.add(where + ": " + problem);
    }

    int count() {
      return all.size();
    }

    List<String> all() {
      return all;
    }
  }
}
