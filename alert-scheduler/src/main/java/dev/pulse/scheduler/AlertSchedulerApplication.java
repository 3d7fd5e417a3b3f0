package dev.pulse.scheduler;

import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pulse.contract.http.JsonBodyErrorMapper;
import dev.pulse.contract.http.PrometheusEndpoint;
import dev.pulse.scheduler.channels.ChannelRouter;
import dev.pulse.scheduler.channels.Mailer;
import dev.pulse.scheduler.channels.Messages;
import dev.pulse.scheduler.channels.WebhookClient;
import dev.pulse.scheduler.intake.AlertAdmission;
import dev.pulse.scheduler.intake.AlertIntake;
import dev.pulse.scheduler.intake.PipelineAlerts;
import dev.pulse.scheduler.jobs.DeliveryOutcomes;
import dev.pulse.scheduler.jobs.Dispatcher;
import dev.pulse.scheduler.jobs.InjectingJobFactory;
import dev.pulse.scheduler.jobs.JobScheduling;
import dev.pulse.scheduler.jobs.QuartzFactory;
import dev.pulse.scheduler.resources.AdminTokenFilter;
import dev.pulse.scheduler.resources.AlertResource;
import dev.pulse.scheduler.resources.ChannelResource;
import dev.pulse.scheduler.resources.PipelineAlertResource;
import dev.pulse.scheduler.resources.SilenceResource;
import dev.pulse.scheduler.resources.StoreFailedMapper;
import dev.pulse.scheduler.store.AlertLedger;
import dev.pulse.scheduler.store.ChannelStore;
import dev.pulse.scheduler.store.NotificationLog;
import dev.pulse.scheduler.store.SilenceStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import java.net.URI;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;

/** Wires the scheduler together: alerts in from Kafka, decisions in Quartz jobs, messages out over HTTP. */
public class AlertSchedulerApplication extends Application<AlertSchedulerConfiguration> {

  public static void main(String[] args) throws Exception {
    new AlertSchedulerApplication().run(args);
  }

  @Override
  public String getName() {
    return "alert-scheduler";
  }

  @Override
  public void initialize(Bootstrap<AlertSchedulerConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  @Override
  public void run(AlertSchedulerConfiguration config, Environment environment) throws Exception {
    Clock clock = Clock.systemUTC();
    PrometheusEndpoint prometheus = new PrometheusEndpoint(environment.metrics());
    environment.admin().addServlet("prometheus", prometheus.servlet()).addMapping("/prometheus");
    migrate(config);
    Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "postgresql");
    AlertLedger ledger = new AlertLedger(jdbi, environment.getObjectMapper());
    NotificationLog log = new NotificationLog(jdbi);
    SilenceStore silences = new SilenceStore(jdbi, environment.getObjectMapper());
    ChannelStore channels = new ChannelStore(jdbi, environment.getObjectMapper());

    Dispatcher dispatcher = new Dispatcher(jdbi, ledger, log, silences, router(config, environment, channels),
        new DeliveryOutcomes(prometheus.registry()), config.getNotifications().groupingInterval.toJavaDuration(),
        config.getNotifications().retryLater.toJavaDuration(), clock);
    ManagedDataSource quartzPool = config.getDatabase().build(environment.metrics(), "quartz");
    environment.lifecycle().manage(quartzPool);
    Scheduler scheduler = QuartzFactory.build(config.getQuartz(), quartzPool);
    scheduler.setJobFactory(new InjectingJobFactory(dispatcher));
    JobScheduling jobs = new JobScheduling(scheduler);
    dispatcher.scheduleWith(jobs);
    environment.lifecycle().manage(QuartzFactory.managed(scheduler));
    AlertAdmission admission = new AlertAdmission(ledger, jobs);
    AlertIntake intake = new AlertIntake(() -> consumer(config.getKafka()), admission);
    environment.lifecycle().manage(intake);

    environment.jersey().register(new AdminTokenFilter(config.getAdminToken()));
    environment.jersey().register(new AlertResource(ledger, log));
    environment.jersey().register(new SilenceResource(silences, clock));
    environment.jersey().register(new ChannelResource(channels));
    environment.jersey().register(new PipelineAlertResource(
        new PipelineAlerts(channels::find, config.getPipelineAlerts().channel), admission));
    environment.jersey().register(new StoreFailedMapper());
    environment.jersey().register(new JsonBodyErrorMapper());
    environment.healthChecks().register("alert-intake", new HealthCheck() {
      @Override
      protected Result check() {
        return intake.problem().map(Result::unhealthy).orElseGet(Result::healthy);
      }
    });
    environment.healthChecks().register("quartz", check(() -> isStarted(scheduler), "Quartz is not running"));
  }

  private static ChannelRouter router(AlertSchedulerConfiguration config, Environment environment, ChannelStore store) {
    AlertSchedulerConfiguration.Channels channels = config.getChannels();
    WebhookClient webhooks = new WebhookClient(channels.timeout.toJavaDuration(), channels.retries,
        channels.firstBackoff.toJavaDuration(), channels.maxBackoff.toJavaDuration());
    Mailer mailer = new Mailer(config.getSmtp().settings(), channels.retries, channels.firstBackoff.toJavaDuration(),
        channels.maxBackoff.toJavaDuration());
    return new ChannelRouter(URI.create(channels.pagerDutyUrl), channels.slackBaseUrl, store,
        new Messages(environment.getObjectMapper(), channels.dashboardUrl, config.getPipelineAlerts().operatorViewUrl),
        webhooks, mailer);
  }

  private static void migrate(AlertSchedulerConfiguration config) {
    Flyway.configure()
        .dataSource(config.getDatabase().getUrl(), config.getDatabase().getUser(),
            java.util.Objects.requireNonNullElse(config.getDatabase().getPassword(), ""))
        .locations("classpath:db/scheduler")
        .load()
        .migrate();
  }

  private static Consumer<byte[], byte[]> consumer(AlertSchedulerConfiguration.Kafka kafka) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", kafka.bootstrapServers);
    properties.put("group.id", kafka.consumerGroup);
    properties.put("isolation.level", "read_committed"); // only what the alerting job committed
    properties.put("enable.auto.commit", "false");
    properties.put("auto.offset.reset", "earliest");
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static boolean isStarted(Scheduler scheduler) {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown();
    } catch (org.quartz.SchedulerException e) {
      return false;
    }
  }

  private static HealthCheck check(java.util.function.BooleanSupplier healthy, String otherwise) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        return healthy.getAsBoolean() ? Result.healthy() : Result.unhealthy(otherwise);
      }
    };
  }
}
