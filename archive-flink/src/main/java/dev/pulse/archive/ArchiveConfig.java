package dev.pulse.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.archive.iceberg.IcebergSettings;
import dev.pulse.archive.service.ServiceSettings;
import dev.pulse.flink.config.FlinkOptions;
import dev.pulse.flink.config.KafkaSettings;
import dev.pulse.flink.config.RegistrySettings;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.DistributionMode;

/**
 * archive.yml: the archive job's configuration ({@code kafka}, {@code registry}, {@code iceberg},
 * {@code flink}) and the archive service's ({@code service}), which shares the catalog.
 *
 * @param writeParallelism Iceberg writers; 1 keeps one file per partition and checkpoint
 * @param distribution how rows reach the writers: {@code none} writes in the reading task (no
 *     shuffle, no serialization), {@code hash} shuffles by partition so that with several writers
 *     each partition gets one file per checkpoint
 */
public record ArchiveConfig(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty(value = "registry", required = true) RegistrySettings registry,
    @JsonProperty(value = "iceberg", required = true) IcebergSettings iceberg,
    @JsonProperty("writeParallelism") Integer writeParallelism,
    @JsonProperty("distribution") DistributionMode distribution,
    @JsonProperty(value = "service", required = true) ServiceSettings service,
    @JsonProperty("flink") Map<String, String> flink) {

  public ArchiveConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(iceberg, "iceberg");
    Objects.requireNonNull(service, "service");
    writeParallelism = writeParallelism == null ? 1 : writeParallelism;
    distribution = distribution == null ? DistributionMode.NONE : distribution;
    flink = FlinkOptions.withoutEmpty(flink);
  }
}
