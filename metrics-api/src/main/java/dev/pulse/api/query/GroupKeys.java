package dev.pulse.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group_by values of a row, read from the series' {@code dims} document in its second column.
 * Each distinct document is parsed once per read; a dimension a series lacks groups as "".
 */
final class GroupKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> groupBy;
  private final Map<String, List<String>> byDocument = new HashMap<>();

  GroupKeys(List<String> groupBy) {
    this.groupBy = groupBy;
  }

  /** How many columns the group takes after the bucket: the dims document, or none. */
  int columns() {
    return groupBy.isEmpty() ? 0 : 1;
  }

  List<String> of(JsonNode row) {
    if (groupBy.isEmpty()) {
      return List.of();
    }
    return byDocument.computeIfAbsent(row.get(1).asText(), this::values);
  }

  private List<String> values(String document) {
    try {
      JsonNode dims = JSON.readTree(document);
      List<String> values = new ArrayList<>(groupBy.size());
      for (String key : groupBy) {
        values.add(dims.path(key).asText(""));
      }
      return List.copyOf(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored dims document is not JSON: " + document, e);
    }
  }
}
