package dev.pulse.flink.backlog;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that tells Flink when it is reading a backlog, so that checkpoints can be frequent while
 * the job keeps up and rarer while it catches up ({@code execution.checkpointing.interval} and
 * {@code execution.checkpointing.interval-during-backlog}).
 *
 * <p>Flink's Kafka source never reports a backlog itself. Here each reader compares the Kafka
 * timestamp of the records it reads with the clock: records older than {@code behindAfter} mean it
 * is reading what was written a while ago, not what is being written now. The enumerator declares a
 * backlog while any reader says so. A producer that stamps records with old timestamps would make
 * the job checkpoint at its backlog interval; nothing is lost, results only show later.
 */
public final class BacklogAwareSource<T, SplitT extends SourceSplit, EnumChkT>
    implements Source<T, SplitT, EnumChkT>, ResultTypeQueryable<T> {
  private final Source<T, SplitT, EnumChkT> source;
  private final long behindAfterMillis;

  private BacklogAwareSource(Source<T, SplitT, EnumChkT> source, Duration behindAfter) {
    this.source = source;
    this.behindAfterMillis = behindAfter.toMillis();
  }

  /** @param source a source whose records carry their write time as the timestamp (Kafka's does) */
  public static <T, S extends SourceSplit, E, Q extends Source<T, S, E> & ResultTypeQueryable<T>>
      BacklogAwareSource<T, S, E> of(Q source, Duration behindAfter) {
    return new BacklogAwareSource<>(source, behindAfter);
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new LagReportingReader<>(source.createReader(context), context, behindAfterMillis);
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context) throws Exception {
    return new BacklogDeclaringEnumerator<>(source.createEnumerator(context), context);
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint)
      throws Exception {
    return new BacklogDeclaringEnumerator<>(source.restoreEnumerator(context, checkpoint), context);
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return ((ResultTypeQueryable<T>) source).getProducedType();
  }
}
