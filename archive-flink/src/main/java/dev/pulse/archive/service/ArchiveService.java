package dev.pulse.archive.service;

import dev.pulse.archive.ArchiveConfig;
import dev.pulse.archive.counts.ArchiveCounts;
import dev.pulse.archive.counts.ArchiveMinutes;
import dev.pulse.archive.counts.ArchiveOffsetCoverage;
import dev.pulse.archive.upkeep.Upkeep;
import dev.pulse.archive.upkeep.UpkeepSettings;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.launch.JobArguments;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive service: a small JVM beside the archive job, reading the same archive.yml. It runs the
 * tables' upkeep on a schedule and answers the counts the reconciliation compares. Separate from the
 * job so that a compaction never delays a commit, and a monitor still gets counts while the job
 * restarts.
 */
public final class ArchiveService {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);

  private ArchiveService() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args, "ArchiveService --config <archive.yml>");
    ArchiveConfig config = ConfigLoader.load(arguments.config(), ArchiveConfig.class);
    Catalog catalog = config.iceberg().open();
    UpkeepSettings settings = config.service().upkeep();
    Upkeep upkeep = new Upkeep(catalog, config.iceberg(), settings, Clock.systemUTC());
    ArchiveCounts counts = new ArchiveCounts(catalog, config.iceberg());
    ArchiveHttp http = new ArchiveHttp(counts, new ArchiveMinutes(catalog, config.iceberg(), counts),
        new ArchiveOffsetCoverage(catalog, config.iceberg(), counts), upkeep, config.service().adminToken());
    http.start(config.service().host(), config.service().port());
    scheduleUpkeep(upkeep, settings);
    LOG.info("Archive service on {}:{}; upkeep every {}", config.service().host(), config.service().port(), settings.interval());
  }

  private static void scheduleUpkeep(Upkeep upkeep, UpkeepSettings settings) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "archive-upkeep");
      thread.setDaemon(false);
      return thread;
    });
    long every = settings.interval().toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        upkeep.run();
      } catch (RuntimeException e) {
        // The next run tries again; a failing upkeep must not stop the counts being served.
        LOG.warn("Upkeep failed; it runs again in {}", settings.interval(), e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }
}
