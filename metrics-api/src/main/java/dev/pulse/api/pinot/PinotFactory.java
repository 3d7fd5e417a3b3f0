package dev.pulse.api.pinot;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.admission.Admission;
import dev.pulse.pinot.tables.PinotTableApplier;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/** Where Pinot is: the broker this service queries and the controller provisioning configures. */
public class PinotFactory {
  @NotEmpty private String brokerUrl = "http://127.0.0.1:8099";
  @NotEmpty private String controllerUrl = "http://127.0.0.1:9000";
  private String kafkaBootstrapServers;
  @NotNull private Duration queryTimeout = Duration.seconds(5);
  /** Pinot queries this instance runs at once; more wait {@code waitForPlace}, then answer 503. */
  @JsonProperty @Min(1) private int maxQueriesInProgress = 16;
  @JsonProperty @NotNull private Duration waitForPlace = Duration.milliseconds(250);
  /** Servers that hold each segment of the tables that provisioning applies. */
  @JsonProperty @Min(1) private int replicas = 1;

  @JsonProperty
  public String getBrokerUrl() {
    return brokerUrl;
  }

  @JsonProperty
  public void setBrokerUrl(String brokerUrl) {
    this.brokerUrl = brokerUrl;
  }

  @JsonProperty
  public String getControllerUrl() {
    return controllerUrl;
  }

  @JsonProperty
  public void setControllerUrl(String controllerUrl) {
    this.controllerUrl = controllerUrl;
  }

  @JsonProperty
  public void setKafkaBootstrapServers(String kafkaBootstrapServers) {
    this.kafkaBootstrapServers = kafkaBootstrapServers;
  }

  @JsonProperty
  public void setQueryTimeout(Duration queryTimeout) {
    this.queryTimeout = queryTimeout;
  }

  /**
   * The broker client of the API's recent rows: a tenant's load and the feed's fetch of changes,
   * three queries at most at once, apart from the reads' own places.
   */
  public PinotBroker buildRecentRowsBroker(Admission.Kinds admissions) {
    return new PinotBroker(
        URI.create(brokerUrl), java.time.Duration.ofMillis(queryTimeout.toMilliseconds()),
        admissions.of("Pinot queries for recent rows", 3, java.time.Duration.ofSeconds(5)));
  }

  /** @param admissions where the broker takes its place for each query (at most {@code maxQueriesInProgress}) */
  public PinotBroker buildBroker(Admission.Kinds admissions) {
    return new PinotBroker(
        URI.create(brokerUrl), java.time.Duration.ofMillis(queryTimeout.toMilliseconds()),
        admissions.of("Pinot queries", maxQueriesInProgress,
            java.time.Duration.ofMillis(waitForPlace.toMilliseconds())));
  }

  /**
   * @param productKafka where this service reaches Kafka, used when Pinot is not configured to reach
   *     it elsewhere
   */
  public PinotTableApplier buildTableApplier(String productKafka) {
    String kafka =
        kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank()
            ? productKafka
            : kafkaBootstrapServers;
    return new PinotTableApplier(URI.create(controllerUrl), kafka, replicas);
  }
}
