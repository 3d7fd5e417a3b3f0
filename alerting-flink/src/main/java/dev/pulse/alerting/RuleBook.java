package dev.pulse.alerting;

import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertRuleCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The rules an operator follows, as broadcast state: rule id to the rule's JSON, exactly as it
 * came from {@code alerts.rules}, so the state never depends on how a record serializes. Each
 * operator instance keeps the decoded rules beside it and decodes a rule again only when its JSON
 * changed.
 */
final class RuleBook {
  static final MapStateDescriptor<Long, String> RULES =
      new MapStateDescriptor<>("alert-rules", Types.LONG, Types.STRING);

  private final Map<Long, Decoded> decoded = new HashMap<>();

  private record Decoded(String json, AlertRule rule) {}

  /** Stores a rule change unless the state already holds the same or a newer version of it. */
  static Optional<AlertRule> apply(String json, BroadcastState<Long, String> state) throws Exception {
    AlertRule incoming = AlertRuleCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    String stored = state.get(incoming.id());
    if (stored != null && AlertRuleCodec.decode(stored.getBytes(StandardCharsets.UTF_8)).version() >= incoming.version()) {
      return Optional.empty(); // a replay of the compacted topic, or an older state arriving late
    }
    state.put(incoming.id(), json);
    return Optional.of(incoming);
  }

  List<AlertRule> enabled(ReadOnlyBroadcastState<Long, String> state) throws Exception {
    List<AlertRule> rules = new ArrayList<>();
    for (Map.Entry<Long, String> entry : state.immutableEntries()) {
      AlertRule rule = decode(entry.getKey(), entry.getValue());
      if (rule.enabled()) {
        rules.add(rule);
      }
    }
    return rules;
  }

  Optional<AlertRule> find(long id, ReadOnlyBroadcastState<Long, String> state) throws Exception {
    String json = state.get(id);
    return json == null ? Optional.empty() : Optional.of(decode(id, json));
  }

  private AlertRule decode(long id, String json) {
    Decoded known = decoded.get(id);
    if (known == null || !known.json().equals(json)) {
      known = new Decoded(json, AlertRuleCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
      decoded.put(id, known);
    }
    return known.rule();
  }
}
