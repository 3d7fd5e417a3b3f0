package dev.pulse.preagg.bench;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.events.EventIdFingerprint;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.preagg.PreaggPipeline;
import dev.pulse.preagg.config.PreaggConfig;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job as shipped, and two cut-down versions of it that show what its dedup costs: the same
 * source, pre-aggregation, windows and exactly-once sinks, with dedup's shuffle but not its state,
 * and with no dedup at all. Only the first is the product; the others exist to be measured.
 */
public enum BenchTopology {
  AS_SHIPPED("as-shipped", "keyBy(event id) → dedup in RocksDB → pre-aggregate → keyBy(series) → windows") {
    @Override
    SingleOutputStreamOperator<AggregateRecord> windows(DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings) {
      return PreaggPipeline.aggregate(events, catalog, settings).windows();
    }
  },
  WITHOUT_DEDUP_STATE("without-dedup-state", "keyBy(event id) → pre-aggregate → keyBy(series) → windows") {
    @Override
    SingleOutputStreamOperator<AggregateRecord> windows(DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings) {
      DataStream<RawEvent> shuffled = events.keyBy(new EventIdFingerprint()).map(event -> event).returns(RawEvent.class).name("shuffle-by-event-id");
      return PreaggPipeline.aggregateDistinct(shuffled, catalog, settings).windows();
    }
  },
  WITHOUT_DEDUP("without-dedup", "pre-aggregate in the source task → keyBy(series) → windows") {
    @Override
    SingleOutputStreamOperator<AggregateRecord> windows(DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings) {
      return PreaggPipeline.aggregateDistinct(events, catalog, settings).windows();
    }
  };

  final String label;
  final String shape;

  BenchTopology(String label, String shape) {
    this.label = label;
    this.shape = shape;
  }

  abstract SingleOutputStreamOperator<AggregateRecord> windows(
      DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings);

  /** A comma-separated list of labels, such as {@code as-shipped,without-dedup}. */
  static List<BenchTopology> parse(String labels) {
    return Arrays.stream(labels.split(",")).map(String::trim).map(BenchTopology::byLabel).toList();
  }

  private static BenchTopology byLabel(String label) {
    return Arrays.stream(values())
        .filter(t -> t.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown topology '" + label + "'; known: " + Arrays.stream(values()).map(t -> t.label).toList()));
  }
}
