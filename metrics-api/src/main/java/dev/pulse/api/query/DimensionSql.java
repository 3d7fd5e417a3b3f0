package dev.pulse.api.query;

import dev.pulse.pinot.tables.DimensionColumns;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a read names dimensions in Pinot SQL: in their own columns where the table has them filled
 * ({@link ColumnCoverage}), or in the series' {@code dims} document, which every row has.
 */
enum DimensionSql {
  COLUMNS {
    @Override
    String in(String dimension, List<String> values) {
      String column = DimensionColumns.of(dimension);
      return values.size() == 1
          ? column + " = " + PinotSql.literal(values.get(0))
          : column + " IN (" + values.stream().map(PinotSql::literal).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    String groupColumns(List<String> groupBy) {
      return groupBy.stream().map(d -> ", " + DimensionColumns.of(d)).collect(Collectors.joining());
    }

    @Override
    GroupKeys groupKeys(List<String> groupBy) {
      return GroupKeys.fromColumns(groupBy);
    }
  },

  /**
   * Grouping by the whole document and picking the group_by values out of it in the API is far
   * cheaper than extracting them in Pinot, which would parse the JSON of every row it scans.
   */
  DOCUMENT {
    @Override
    String in(String dimension, List<String> values) {
      return PinotSql.jsonIn("dims", dimension, values);
    }

    @Override
    String groupColumns(List<String> groupBy) {
      return groupBy.isEmpty() ? "" : ", dims";
    }

    @Override
    GroupKeys groupKeys(List<String> groupBy) {
      return GroupKeys.fromDocument(groupBy);
    }
  };

  /** A condition: the dimension has one of the values. */
  abstract String in(String dimension, List<String> values);

  /** The columns, each after a comma, that carry a row's group. */
  abstract String groupColumns(List<String> groupBy);

  /** Reads the group back from the columns {@link #groupColumns} selected. */
  abstract GroupKeys groupKeys(List<String> groupBy);
}
