package dev.pulse.flink.launch;

import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink mini cluster in this JVM that behaves like a supervised cluster job: it resumes from its
 * newest checkpoint on start ({@link Resumption}).
 */
public final class LocalEnvironment {
  private LocalEnvironment() {}

  public static StreamExecutionEnvironment create(Map<String, String> flinkOptions, String jobName) {
    return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
        Resumption.configuration(flinkOptions, jobName));
  }
}
