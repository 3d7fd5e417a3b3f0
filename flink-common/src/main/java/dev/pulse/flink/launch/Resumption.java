package dev.pulse.flink.launch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a job carry on where it stopped, wherever it runs: a stable job id, so its
 * checkpoints always land in one directory, and a restore from the newest of them on start. A
 * local run needs it after every restart; a cluster submission needs it once the cluster lost the
 * job (stopped, or its high-availability store wiped): while the cluster still has the job, its
 * JobManager recovers it and nobody submits it again.
 */
final class Resumption {
  private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

  private Resumption() {}

  static Configuration configuration(Map<String, String> flinkOptions, String jobName) {
    Configuration conf = Configuration.fromMap(flinkOptions);
    conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, stableJobId(jobName));
    resumePoint(conf).ifPresent(
        checkpoint -> {
          LOG.info("Resuming from checkpoint {}", checkpoint);
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toString());
          // The job owns its checkpoints, so it may subsume and delete the one it restored.
          conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        });
    return conf;
  }

  private static Optional<Path> resumePoint(Configuration conf) {
    if (conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
      return Optional.empty(); // an explicit savepoint (an upgrade) wins
    }
    return conf.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
        .flatMap(CheckpointLocator::latestCompleted);
  }

  private static String stableJobId(String jobName) {
    return UUID.nameUUIDFromBytes(jobName.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
