package org.apache.pinot.plugin.minion.tasks.pulse;

import org.apache.helix.AccessOption;
import org.apache.helix.zookeeper.datamodel.ZNRecord;
import org.apache.helix.store.zk.ZkHelixPropertyStore;
import org.apache.pinot.common.metadata.ZKMetadataProvider;
import org.apache.zookeeper.data.Stat;

/**
 * The corrections merge's watermark, in Pinot's task metadata for the table
 * ({@code /MINION_TASK_METADATA/<table>/PulseCorrectionsMergeTask}): the next offset of
 * metrics.corrections per partition, as {@code 0:12,1:40}. Advanced with a compare-and-set on the
 * znode's version, only after the merge's swaps are done.
 */
final class CorrectionsWatermark {
  private static final String FIELD = "next";

  /** A watermark and the znode version it was read at (-1: none yet). */
  record Read(String offsets, int version) {}

  private final ZkHelixPropertyStore<ZNRecord> store;
  private final String path;

  CorrectionsWatermark(ZkHelixPropertyStore<ZNRecord> store, String tableNameWithType) {
    this.store = store;
    this.path = ZKMetadataProvider.constructPropertyStorePathForMinionTaskMetadata(tableNameWithType,
        PulseTasks.CORRECTIONS_MERGE);
  }

  Read read() {
    Stat stat = new Stat();
    ZNRecord record = store.get(path, stat, AccessOption.PERSISTENT);
    if (record == null) {
      return new Read("", -1);
    }
    String offsets = record.getSimpleField(FIELD);
    return new Read(offsets == null ? "" : offsets, stat.getVersion());
  }

  /** Stores the new watermark unless another merge moved it since {@code read}. */
  void advance(Read read, String next) {
    ZNRecord record = new ZNRecord(PulseTasks.CORRECTIONS_MERGE);
    record.setSimpleField(FIELD, next);
    boolean stored = read.version() < 0
        ? store.create(path, record, AccessOption.PERSISTENT)
        : store.set(path, record, read.version(), AccessOption.PERSISTENT);
    if (!stored) {
      throw new IllegalStateException("the corrections watermark at " + path + " moved during this merge;"
          + " the next merge starts from it");
    }
  }
}
