package dev.pulse.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group_by values of a row, in the columns after its bucket: one column per dimension, or the
 * series' {@code dims} document, each distinct one parsed once per read. A dimension a series lacks
 * groups as "" either way.
 */
abstract class GroupKeys {
  final List<String> groupBy;

  private GroupKeys(List<String> groupBy) {
    this.groupBy = groupBy;
  }

  static GroupKeys fromColumns(List<String> groupBy) {
    return new FromColumns(groupBy);
  }

  static GroupKeys fromDocument(List<String> groupBy) {
    return new FromDocument(groupBy);
  }

  /** How many columns the group takes after the bucket. */
  abstract int columns();

  abstract List<String> of(JsonNode row);

  private static final class FromColumns extends GroupKeys {
    FromColumns(List<String> groupBy) {
      super(groupBy);
    }

    @Override
    int columns() {
      return groupBy.size();
    }

    @Override
    List<String> of(JsonNode row) {
      List<String> values = new ArrayList<>(groupBy.size());
      for (int i = 1; i <= groupBy.size(); i++) {
        values.add(row.get(i).asText(""));
      }
      return List.copyOf(values);
    }
  }

  private static final class FromDocument extends GroupKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<String>> byDocument = new HashMap<>();

    FromDocument(List<String> groupBy) {
      super(groupBy);
    }

    @Override
    int columns() {
      return groupBy.isEmpty() ? 0 : 1;
    }

    @Override
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
}
