package dev.pulse.preagg;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.launch.LocalEnvironment;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.io.KafkaIo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
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
    List<String> arguments = Arrays.asList(args);
    int configAt = arguments.indexOf("--config");
    if (configAt < 0 || configAt + 1 >= args.length) {
      System.err.println("usage: PreaggJob --config <preagg.yml> [--local]");
      System.exit(2);
    }
    PreaggConfig config = ConfigLoader.load(Path.of(args[configAt + 1]), PreaggConfig.class);
    StreamExecutionEnvironment env =
        arguments.contains("--local")
            ? LocalEnvironment.create(config.flink(), JOB_NAME)
            : StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config.flink()));

    PreaggPipeline.build(
        env,
        KafkaIo.eventsSource(config),
        KafkaIo.aggregatesSink(config),
        KafkaIo.correctionsSink(config),
        KafkaIo.deadLettersSink(config),
        CatalogSource.configured(config.catalogPath(), config.catalogCheckInterval()),
        config.aggregation());
    env.execute(JOB_NAME);
  }
}
