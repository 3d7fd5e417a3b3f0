package dev.pulse.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document names every endpoint the resources serve, with their query parameters. */
class ApiDocumentTest {
  private static final List<Class<?>> RESOURCES = List.of(
      EventsResource.class, MetricsResource.class, SchemaResource.class, DeadLetterResource.class,
      KeyResource.class, TokenResource.class, PagesResource.class, AlertRuleResource.class);

  @Test
  void everyResourceMethodIsDocumentedWithItsQueryParameters() {
    OpenAPI document = new Reader(new OpenAPI()).read(new HashSet<>(RESOURCES));

    Map<String, Set<String>> served = new java.util.TreeMap<>();
    for (Class<?> resource : RESOURCES) {
      for (Method method : resource.getDeclaredMethods()) {
        String verb = verb(method);
        if (verb != null) {
          served.put(verb + " " + path(resource, method), queryParameters(method));
        }
      }
    }
    Map<String, Set<String>> documented = new java.util.TreeMap<>();
    document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((verb, operation) ->
        documented.put(verb.name() + " " + path, parameterNames(operation))));

    assertThat(documented).isEqualTo(served);
    assertThat(documented.get("GET /v1/metrics/{metric_name}"))
        .contains("window_start", "window_end", "dimensions", "group_by", "granularity", "window");
  }

  /** The published fields, under their published names: ours may only add to them. */
  @Test
  void metricReadsAndRulesAreDocumentedInThePublishedShape() {
    OpenAPI document = new Reader(new OpenAPI()).read(new HashSet<>(RESOURCES));
    Map<String, io.swagger.v3.oas.models.media.Schema> schemas = document.getComponents().getSchemas();

    assertThat(schemas.get("MetricSeries").getProperties()).containsKeys("metric_name", "windows");
    assertThat(schemas.get("Window").getProperties())
        .containsKeys("window_start", "window_end", "value", "dimensions", "is_final", "event_count");
    assertThat(schemas.get("RuleAnswer").getProperties()).containsKeys("rule_id", "metric_name", "condition",
        "threshold", "window_seconds", "notification_channel", "enabled", "is_active", "created_at", "updated_at");
    assertThat(schemas.get("AlertRuleSpec").getProperties())
        .containsKeys("metric_name", "condition", "threshold", "window_seconds", "notification_channel");
  }

  private static String verb(Method method) {
    for (Class<? extends java.lang.annotation.Annotation> verb : List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class)) {
      if (method.isAnnotationPresent(verb)) {
        return verb.getSimpleName();
      }
    }
    return null;
  }

  private static String path(Class<?> resource, Method method) {
    String base = resource.getAnnotation(Path.class).value();
    Path sub = method.getAnnotation(Path.class);
    String joined = sub == null ? base : base.replaceAll("/$", "") + "/" + sub.value().replaceAll("^/", "");
    return joined.isEmpty() ? "/" : joined;
  }

  private static Set<String> queryParameters(Method method) {
    Set<String> names = new TreeSet<>();
    for (java.lang.reflect.Parameter parameter : method.getParameters()) {
      QueryParam query = parameter.getAnnotation(QueryParam.class);
      if (query != null) {
        names.add(query.value());
      }
      if (parameter.isAnnotationPresent(BeanParam.class)) {
        for (Field field : parameter.getType().getFields()) {
          if (field.isAnnotationPresent(QueryParam.class)) {
            names.add(field.getAnnotation(QueryParam.class).value());
          }
        }
      }
    }
    return names;
  }

  private static Set<String> parameterNames(Operation operation) {
    Set<String> names = new TreeSet<>();
    if (operation.getParameters() != null) {
      operation.getParameters().stream().filter(p -> "query".equals(p.getIn())).map(Parameter::getName).forEach(names::add);
    }
    return names;
  }
}
