package dev.pulse.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;

/** monitor.yml: what the monitor watches and how often. */
public class MonitorConfiguration extends Configuration {
  @Valid @NotNull @JsonProperty private KafkaSettings kafka = new KafkaSettings();
  @Valid @NotNull @JsonProperty private PinotSettings pinot = new PinotSettings();
  @Valid @NotNull @JsonProperty private ReconciliationSettings reconciliation = new ReconciliationSettings();
  @Valid @NotNull @JsonProperty private AnomalySettings anomaly = new AnomalySettings();
  @Valid @NotNull @JsonProperty private OffsetAuditSettings offsetAudit = new OffsetAuditSettings();
  @NotEmpty @JsonProperty private String registryUrl = "http://127.0.0.1:8082";
  @NotNull @JsonProperty private Duration interval = Duration.seconds(5);

  public KafkaSettings kafka() {
    return kafka;
  }

  public PinotSettings pinot() {
    return pinot;
  }

  public Duration interval() {
    return interval;
  }

  public ReconciliationSettings reconciliation() {
    return reconciliation;
  }

  public AnomalySettings anomaly() {
    return anomaly;
  }

  public OffsetAuditSettings offsetAudit() {
    return offsetAudit;
  }

  /** The schema registry, to decode events.raw for the recount. */
  public String registryUrl() {
    return registryUrl;
  }

  /** The exact audit per minute of event time (README: "Monitoring"). */
  public static class ReconciliationSettings {
    @NotNull @JsonProperty private URI archiveUrl = URI.create("http://127.0.0.1:8090");
    /** A catalog metric that counts every event: the pre-aggregation's count to compare. */
    @NotEmpty @JsonProperty private String countMetric = "event_count";
    /** How long after its end a minute's count is final in Pinot: watermark, checkpoint, consume. */
    @NotNull @JsonProperty private Duration settle = Duration.seconds(45);
    /** How long after its end a minute is committed in the archive (its checkpoint interval on top). */
    @NotNull @JsonProperty private Duration archiveSettle = Duration.seconds(120);
    /** How far back the recount reads events.raw at start, and how long it remembers event ids. */
    @NotNull @JsonProperty private Duration lookBack = Duration.minutes(15);

    public URI archiveUrl() {
      return archiveUrl;
    }

    public String countMetric() {
      return countMetric;
    }

    public Duration settle() {
      return settle;
    }

    public Duration archiveSettle() {
      return archiveSettle;
    }

    public Duration lookBack() {
      return lookBack;
    }
  }

  /** The z-score check of each additive metric's final minutes (README: "Monitoring"). */
  public static class AnomalySettings {
    /** The metric catalog file the jobs use; empty means the catalog shipped in the contract. */
    @JsonProperty private String catalogPath = "";
    /** How many minutes before the judged one make its baseline. */
    @NotNull @JsonProperty private Duration baseline = Duration.hours(1);
    /** How long after its end a minute's value is final in Pinot. */
    @NotNull @JsonProperty private Duration settle = Duration.seconds(45);

    public String catalogPath() {
      return catalogPath;
    }

    public Duration baseline() {
      return baseline;
    }

    public Duration settle() {
      return settle;
    }
  }

  /** The check of Kafka's offsets of events.raw against the archive, period by period. */
  public static class OffsetAuditSettings {
    /** The period of record time judged at once: an hour, as the design has it. */
    @NotNull @JsonProperty private Duration period = Duration.hours(1);
    /** How long after its end a period is judged at the earliest (the archive commits a minute apart). */
    @NotNull @JsonProperty private Duration settle = Duration.seconds(120);
    /** The archive job's consumer group: a period is judged once it has committed past it. */
    @NotEmpty @JsonProperty private String archiveGroup = "pulse-archive";

    public Duration period() {
      return period;
    }

    public Duration settle() {
      return settle;
    }

    public String archiveGroup() {
      return archiveGroup;
    }
  }

  /** The cluster and the consumer groups whose lag is exported. */
  public static class KafkaSettings {
    @NotEmpty @JsonProperty private String bootstrapServers = "127.0.0.1:9092";
    @NotEmpty @JsonProperty private List<String> groups = List.of();
    @NotNull @JsonProperty private Duration requestTimeout = Duration.seconds(4);

    public String bootstrapServers() {
      return bootstrapServers;
    }

    public List<String> groups() {
      return groups;
    }

    public Duration requestTimeout() {
      return requestTimeout;
    }
  }

  /** The Pinot cluster that serves the metrics, and its realtime table. */
  public static class PinotSettings {
    @NotNull @JsonProperty private URI brokerUrl = URI.create("http://127.0.0.1:8099");
    @NotNull @JsonProperty private URI controllerUrl = URI.create("http://127.0.0.1:9000");
    @NotEmpty @JsonProperty private String realtimeTable = "metrics_agg";
    @NotNull @JsonProperty private Duration timeout = Duration.seconds(3);

    public URI brokerUrl() {
      return brokerUrl;
    }

    public URI controllerUrl() {
      return controllerUrl;
    }

    public String realtimeTable() {
      return realtimeTable;
    }

    public Duration timeout() {
      return timeout;
    }
  }
}
