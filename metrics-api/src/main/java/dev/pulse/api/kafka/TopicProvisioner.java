package dev.pulse.api.kafka;

import dev.pulse.contract.Topics.TopicSpec;
import dev.pulse.contract.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the product's topics, or brings the settings of existing ones back to the contract's.
 * Partition counts of existing topics only ever grow, and only where the contract allows it
 * (events.raw, keyed by event_id): more partitions move keys to other partitions, which Pinot's
 * upsert on metrics.agg cannot survive. The jobs' Kafka sources find new partitions within their
 * discovery interval (5 minutes) and read them from the start, without a restart.
 */
public class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final short replicationFactor;

  public TopicProvisioner(Admin admin, short replicationFactor) {
    this.admin = admin;
    this.replicationFactor = replicationFactor;
  }

  /** @return a warning per topic whose partition count differs from the requested one */
  public List<String> provision(Map<String, Integer> partitionsByTopic) throws Exception {
    return provision(partitionsByTopic, Map.of());
  }

  /**
   * @param configsByTopic topic settings that replace the spec's own (events.raw's retention, from
   *     the configuration), applied to new and existing topics alike
   */
  public List<String> provision(Map<String, Integer> partitionsByTopic, Map<String, Map<String, String>> configsByTopic)
      throws Exception {
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<String> warnings = new ArrayList<>();
    for (TopicSpec declared : Topics.ALL) {
      TopicSpec spec = withConfigs(declared, configsByTopic.getOrDefault(declared.name(), Map.of()));
      int partitions = partitionsByTopic.getOrDefault(spec.name(), spec.defaultPartitions());
      if (existing.contains(spec.name())) {
        alignConfigs(spec);
        alignPartitions(spec, partitions).ifPresent(warnings::add);
      } else {
        create(spec, partitions);
      }
    }
    return warnings;
  }

  private static TopicSpec withConfigs(TopicSpec spec, Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return spec;
    }
    Map<String, String> configs = new java.util.HashMap<>(spec.configs());
    configs.putAll(overrides);
    return new TopicSpec(spec.name(), spec.defaultPartitions(), Map.copyOf(configs), spec.doc(), spec.partitionsMayGrow());
  }

  private void create(TopicSpec spec, int partitions) throws Exception {
    NewTopic topic = new NewTopic(spec.name(), partitions, replicationFactor).configs(spec.configs());
    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    LOG.info("Created topic {} ({} partitions)", spec.name(), partitions);
  }

  private void alignConfigs(TopicSpec spec) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
    Collection<AlterConfigOp> ops =
        spec.configs().entrySet().stream()
            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList();
    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** @return a warning when the topic keeps a partition count other than the one wanted */
  private Optional<String> alignPartitions(TopicSpec spec, int wanted) throws Exception {
    TopicDescription description =
        admin.describeTopics(List.of(spec.name())).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(spec.name());
    int actual = description.partitions().size();
    if (actual == wanted) {
      return Optional.empty();
    }
    if (actual < wanted && spec.partitionsMayGrow()) {
      admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(wanted))).all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Grew topic {} from {} to {} partitions", spec.name(), actual, wanted);
      return Optional.empty();
    }
    String why = actual > wanted ? "Kafka cannot remove partitions" : "its keys must stay on their partitions";
    return Optional.of(spec.name() + " has " + actual + " partitions, not " + wanted + "; left as it is (" + why + ")");
  }
}
