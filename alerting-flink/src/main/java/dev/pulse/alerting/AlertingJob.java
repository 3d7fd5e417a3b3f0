package dev.pulse.alerting;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.launch.JobArguments;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the alerting job. {@code --config alerting.yml} is required; {@code --local} runs
 * it in this JVM, resuming from its newest checkpoint, as ops/stack does. It shares only flink-common
 * with the pre-aggregation job: the events' decoding, dedup, the catalog and the local launcher.
 */
public final class AlertingJob {
  static final String JOB_NAME = "pulse-alerting";

  private AlertingJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, "AlertingJob --config <alerting.yml> [--local]");
    AlertingConfig config = ConfigLoader.load(arguments.config(), AlertingConfig.class);
    StreamExecutionEnvironment env = arguments.environment(config.flink(), JOB_NAME);
    AlertingPipeline.build(
        env,
        AlertingIo.events(config),
        AlertingIo.rules(config),
        AlertingIo.alerts(config),
        CatalogSource.configured(config.catalogPath(), config.catalogCheckInterval()),
        config.evaluation());
    env.execute(JOB_NAME);
  }
}
