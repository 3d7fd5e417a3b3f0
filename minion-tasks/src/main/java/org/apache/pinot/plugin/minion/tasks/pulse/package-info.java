/**
 * Pulse's Minion tasks. They live under {@code org.apache.pinot.plugin.minion.tasks} because Pinot
 * 0.11 finds task generators and executor factories only by scanning that package (its
 * TaskGeneratorRegistry and TaskExecutorFactoryRegistry); the code is Pulse's.
 *
 * <ul>
 *   <li>{@code PulseArchiveSegmentsTask}: restates a range of history from the archive, by default
 *       each closed day that history has no segment of yet; on demand any range, metrics and
 *       tenants (what {@code backfill run} does, queued behind every other rewrite).
 *   <li>{@code PulseCorrectionsMergeTask}: merges {@code metrics.corrections} into history from a
 *       watermark of offsets kept in the task's metadata in Pinot.
 * </ul>
 *
 * Both run the backfill jar in a child JVM: its Iceberg, Avro and DataSketches versions are not
 * Pinot's.
 */
package org.apache.pinot.plugin.minion.tasks.pulse;
