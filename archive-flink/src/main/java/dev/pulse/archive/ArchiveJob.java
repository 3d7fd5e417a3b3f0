package dev.pulse.archive;

import dev.pulse.archive.decode.ArchiveDeserializer;
import dev.pulse.contract.Topics;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.events.DeadLetterSink;
import dev.pulse.flink.events.EventsSource;
import dev.pulse.flink.launch.JobArguments;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the archive job. {@code --config archive.yml} is required; {@code --local} runs it
 * in this JVM, resuming from its newest checkpoint, as ops/stack does. It is a job of its own, not
 * part of pre-aggregation: it checkpoints every minute (each checkpoint writes files), and a
 * failing Iceberg commit must never hold up the metrics.
 */
public final class ArchiveJob {
  static final String JOB_NAME = "pulse-archive";

  private ArchiveJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, "ArchiveJob --config <archive.yml> [--local]");
    ArchiveConfig config = ConfigLoader.load(arguments.config(), ArchiveConfig.class);
    config.iceberg().prepare();
    StreamExecutionEnvironment env = arguments.environment(config.flink(), JOB_NAME);
    ArchivePipeline.build(
        env,
        EventsSource.builder(
                config.kafka(), Topics.EVENTS_RAW.name(),
                new ArchiveDeserializer(config.registry().url(), config.iceberg(), config.writeParallelism(), config.distribution()))
            .build(),
        deadLetters(config),
        config.iceberg(),
        config.writeParallelism());
    env.execute(JOB_NAME);
  }

  /** events.dlq, exactly once like the rows: a dead letter appears once however often the job restarts. */
  private static KafkaSink<String> deadLetters(ArchiveConfig config) {
    return DeadLetterSink.exactlyOnce(config.kafka(), config.kafka().transactionalIdPrefix() + "-dlq");
  }
}
