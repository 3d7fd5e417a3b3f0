package dev.pulse.alerting;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.launch.LocalEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
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
    List<String> arguments = Arrays.asList(args);
    int configAt = arguments.indexOf("--config");
    if (configAt < 0 || configAt + 1 >= args.length) {
      System.err.println("usage: AlertingJob --config <alerting.yml> [--local]");
      System.exit(2);
    }
    AlertingConfig config = ConfigLoader.load(Path.of(args[configAt + 1]), AlertingConfig.class);
    StreamExecutionEnvironment env =
        arguments.contains("--local")
            ? LocalEnvironment.create(config.flink(), JOB_NAME)
            : StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config.flink()));
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
