package dev.pulse.scheduler.jobs;

import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds the Quartz scheduler on the service's own PostgreSQL pool: the clustered JDBC job store
 * takes its connections from a provider registered under the name its properties point at.
 */
public final class QuartzFactory {
  private static final String DATA_SOURCE = "pulse";

  private QuartzFactory() {}

  public static Scheduler build(Map<String, String> quartzProperties, ManagedDataSource dataSource) throws SchedulerException {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new PooledConnections(dataSource));
    Properties properties = new Properties();
    properties.putAll(quartzProperties);
    properties.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    return new StdSchedulerFactory(properties).getScheduler();
  }

  /** Starts the scheduler with the service and lets running jobs finish when it stops. */
  public static Managed managed(Scheduler scheduler) {
    return new Managed() {
      @Override
      public void start() throws SchedulerException {
        scheduler.start();
      }

      @Override
      public void stop() throws SchedulerException {
        scheduler.shutdown(true);
      }
    };
  }

  private record PooledConnections(ManagedDataSource dataSource) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
