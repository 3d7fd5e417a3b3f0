package dev.pulse.backfill.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pinot.segment.local.segment.creator.impl.SegmentIndexCreationDriverImpl;
import org.apache.pinot.segment.local.segment.readers.GenericRowRecordReader;
import org.apache.pinot.segment.local.segment.readers.PinotSegmentRecordReader;
import org.apache.pinot.segment.spi.creator.SegmentGeneratorConfig;
import org.apache.pinot.spi.config.table.TableConfig;
import org.apache.pinot.spi.data.Schema;
import org.apache.pinot.spi.data.readers.GenericRow;
import org.apache.pinot.spi.utils.JsonUtils;

/**
 * Rows of the history table in and out of Pinot segments, with Pinot's own writer and reader, for
 * the table's schema and config as the controller has them.
 */
public final class HistorySegments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TableConfig tableConfig;
  private final Schema schema;

  public HistorySegments(JsonNode tableConfig, JsonNode schema) throws IOException {
    this.tableConfig = JsonUtils.jsonNodeToObject(tableConfig, TableConfig.class);
    this.schema = Schema.fromString(schema.toString());
  }

  /** An aggregate row as a row of the table: dims as its JSON document, the sketch as bytes. */
  public static GenericRow toRow(AggregateRecord record) {
    GenericRow row = new GenericRow();
    row.putValue("metric", record.metric());
    row.putValue("window_spec", record.windowSpec());
    row.putValue("window_start", record.windowStart());
    row.putValue("window_end", record.windowEnd());
    row.putValue("dims", json(record));
    row.putValue("dims_hash", record.dimsHash());
    row.putValue("sketch", record.sketch() == null ? new byte[0] : record.sketch());
    row.putValue("version", record.version());
    row.putValue("is_final", record.isFinal() ? 1 : 0);
    row.putValue("value", record.value());
    row.putValue("numerator", record.numerator());
    row.putValue("denominator", record.denominator());
    row.putValue("event_count", record.eventCount());
    row.putValue("emitted_at", record.emittedAt());
    return row;
  }

  private static String json(AggregateRecord record) {
    try {
      return JSON.writeValueAsString(record.dims());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds one segment of the rows under {@code outDir}; answers its directory. */
  public Path build(String segmentName, List<GenericRow> rows, Path outDir) throws Exception {
    SegmentGeneratorConfig config = new SegmentGeneratorConfig(tableConfig, schema);
    config.setTableName(tableConfig.getTableName());
    config.setSegmentName(segmentName);
    config.setOutDir(outDir.toString());
    config.setFailOnEmptySegment(false);
    SegmentIndexCreationDriverImpl driver = new SegmentIndexCreationDriverImpl();
    driver.init(config, new GenericRowRecordReader(rows));
    driver.build();
    return driver.getOutputDirectory().toPath();
  }

  /** Every row of a segment directory. */
  public static void read(Path segmentDir, Consumer<GenericRow> rows) throws Exception {
    try (PinotSegmentRecordReader reader = new PinotSegmentRecordReader(segmentDir.toFile())) {
      while (reader.hasNext()) {
        rows.accept(reader.next(new GenericRow()));
      }
    }
  }

  /** The tenant a row's dims document names. */
  public static String tenantOf(GenericRow row) {
    Object dims = row.getValue("dims");
    if (dims == null) {
      return "";
    }
    try {
      return JSON.readTree(dims.toString()).path("tenant").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  public static List<GenericRow> rows(List<AggregateRecord> records) {
    List<GenericRow> rows = new ArrayList<>(records.size());
    records.forEach(r -> rows.add(toRow(r)));
    return rows;
  }
}
