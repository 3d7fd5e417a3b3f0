package dev.pulse.scheduler;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.scheduler.channels.Mailer;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;

/** alert-scheduler.yml. */
public class AlertSchedulerConfiguration extends Configuration {
  @Valid @NotNull @JsonProperty private DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull @JsonProperty private Kafka kafka = new Kafka();
  @Valid @NotNull @JsonProperty private Channels channels = new Channels();
  @Valid @NotNull @JsonProperty private Smtp smtp = new Smtp();
  @Valid @NotNull @JsonProperty private Notifications notifications = new Notifications();
  @Valid @NotNull @JsonProperty private PipelineAlerts pipelineAlerts = new PipelineAlerts();
  /** Quartz's own properties (org.quartz.*), passed through as they are. */
  @NotNull @JsonProperty private Map<String, String> quartz = new HashMap<>();
  /** The bearer token of the scheduler's admin API (silences, acknowledgements, the log). */
  @NotEmpty @JsonProperty private String adminToken;

  public DataSourceFactory getDatabase() {
    return database;
  }

  public Kafka getKafka() {
    return kafka;
  }

  public Channels getChannels() {
    return channels;
  }

  public Smtp getSmtp() {
    return smtp;
  }

  public Notifications getNotifications() {
    return notifications;
  }

  public PipelineAlerts getPipelineAlerts() {
    return pipelineAlerts;
  }

  public Map<String, String> getQuartz() {
    return quartz;
  }

  public String getAdminToken() {
    return adminToken;
  }

  public static class Kafka {
    @NotEmpty @JsonProperty public String bootstrapServers;
    @NotEmpty @JsonProperty public String consumerGroup;
  }

  /** Where pagerduty:// and slack:// channels post, and how hard to try (e-mail too). */
  public static class Channels {
    @NotEmpty @JsonProperty public String pagerDutyUrl;
    @NotEmpty @JsonProperty public String slackBaseUrl;
    @NotEmpty @JsonProperty public String dashboardUrl;
    @NotNull @JsonProperty public Duration timeout = Duration.seconds(5);
    @Min(0) @JsonProperty public int retries = 4;
    @NotNull @JsonProperty public Duration firstBackoff = Duration.milliseconds(200);
    @NotNull @JsonProperty public Duration maxBackoff = Duration.seconds(5);
  }

  /** The SMTP server that e-mail channels send through. */
  public static class Smtp {
    @NotEmpty @JsonProperty public String host = "127.0.0.1";
    @Min(1) @JsonProperty public int port = 25;
    @NotNull @JsonProperty public Mailer.Tls tls = Mailer.Tls.STARTTLS;
    @JsonProperty public String username = "";
    @JsonProperty public String password = "";
    @NotEmpty @JsonProperty public String from = "pulse-alerts@localhost";
    @NotNull @JsonProperty public Duration timeout = Duration.seconds(10);

    public Mailer.Settings settings() {
      return new Mailer.Settings(host, port, tls, username, password, from, timeout.toJavaDuration());
    }
  }

  public static class Notifications {
    /** At most one page per rule and group within this interval; a later one waits for its end. */
    @NotNull @JsonProperty public Duration groupingInterval = Duration.minutes(5);
    /** After a delivery failed through every retry, the next try comes this much later. */
    @NotNull @JsonProperty public Duration retryLater = Duration.seconds(30);
  }

  /** The pipeline's own alerts, which Alertmanager posts to {@code /v1/pipeline-alerts}. */
  public static class PipelineAlerts {
    /** A named channel (PUT /v1/channels/{name}): they page through each kind it has. */
    @NotEmpty @JsonProperty public String channel = "pulse-oncall";
    /** Where their messages link to: the operators' view. */
    @NotEmpty @JsonProperty public String operatorViewUrl = "http://127.0.0.1:9090/consoles/pulse.html";
  }
}
