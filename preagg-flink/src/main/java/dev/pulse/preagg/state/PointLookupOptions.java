package dev.pulse.preagg.state;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options for the job's access pattern: point lookups of keys that are mostly absent (dedup
 * sees each event id once) and read-modify-write of window state. Flink's configuration keys cannot
 * set these; {@code state.backend.rocksdb.options-factory} names this class in preagg.yml.
 *
 * <p>A bloom filter over the whole key in each memtable: without it, proving that a new event id is
 * absent walks the memtable's skip list (tens of key comparisons), which was a quarter of the dedup
 * task's time. SST files already have their own filters.
 */
public class PointLookupOptions implements RocksDBOptionsFactory {
  private static final long serialVersionUID = 1L;
  /** The filter's size as a fraction of the write buffer: with entries of a few tens of bytes, many bits per key. */
  private static final double MEMTABLE_FILTER_RATIO = 0.1;

  @Override
  public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
    return current;
  }

  @Override
  public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
    return current.setMemtableWholeKeyFiltering(true).setMemtablePrefixBloomSizeRatio(MEMTABLE_FILTER_RATIO);
  }
}
