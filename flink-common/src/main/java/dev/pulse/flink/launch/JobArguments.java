package dev.pulse.flink.launch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job's command line, the same for every job: {@code --config <file.yml>} and, on the local
 * stack, {@code --local}, which runs it in this JVM; without it the job runs wherever {@code flink
 * run} submitted it. Either way it resumes from its newest checkpoint ({@link Resumption}).
 */
public record JobArguments(Path config, boolean local) {

  /** Exits with status 2 and the usage line when {@code --config} is missing. */
  public static JobArguments parse(String[] args, String usage) {
    List<String> arguments = Arrays.asList(args);
    int configAt = arguments.indexOf("--config");
    if (configAt < 0 || configAt + 1 >= args.length) {
      System.err.println("usage: " + usage);
      System.exit(2);
    }
    return new JobArguments(Path.of(args[configAt + 1]), arguments.contains("--local"));
  }

  /** The environment to build the job in, with the {@code flink:} options of its YAML. */
  public StreamExecutionEnvironment environment(Map<String, String> flinkOptions, String jobName) {
    return local
        ? LocalEnvironment.create(flinkOptions, jobName)
        : StreamExecutionEnvironment.getExecutionEnvironment(Resumption.configuration(flinkOptions, jobName));
  }
}
