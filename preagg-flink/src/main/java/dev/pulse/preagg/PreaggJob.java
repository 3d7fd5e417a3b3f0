package dev.pulse.preagg;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.launch.JobArguments;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.io.KafkaIo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point. {@code --config preagg.yml} is required. With {@code --local} the job runs in this
 * JVM with Flink's web UI and resumes from its newest checkpoint (how ops/stack runs it); without,
 * it runs wherever {@code flink run} submitted it.
 */
public final class PreaggJob {
  static final String JOB_NAME = "pulse-preagg";

  private PreaggJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, "PreaggJob --config <preagg.yml> [--local]");
    PreaggConfig config = ConfigLoader.load(arguments.config(), PreaggConfig.class);
    StreamExecutionEnvironment env = arguments.environment(config.flink(), JOB_NAME);

    PreaggPipeline.build(
        env,
        KafkaIo.eventsSource(config),
        KafkaIo.aggregatesSink(config),
        KafkaIo.correctionsSink(config),
        KafkaIo.deadLettersSink(config),
        CatalogSource.configured(config.catalogPath(), config.catalogCheckInterval()),
        config.aggregation(),
        config.faults());
    env.execute(JOB_NAME);
  }
}
