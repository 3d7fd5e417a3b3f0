package dev.pulse.alerting;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertCodec;
import dev.pulse.contract.alerting.AlertRule;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each rule group's rolling window and emits an alert (JSON) on every change of its state.
 *
 * <p>A sample is evaluated when it arrives, at the later of the watermark and the group's newest
 * event time, so a breach fires without waiting for the watermark. The watermark still matters
 * for what happens without new samples: event-time timers re-evaluate when the oldest sample
 * leaves the window (a recovery, or a drop below a LESS_THAN threshold) and when a pending breach
 * has lasted for_seconds. A rule change re-evaluates the rule's groups at once; a disabled rule
 * resolves what it had firing.
 */
public class RuleEvaluator extends KeyedBroadcastProcessFunction<String, RuleSample, String, String> {
  static final ValueStateDescriptor<RollingWindow> WINDOW = new ValueStateDescriptor<>("rolling-window", RollingWindow.class);

  private transient RuleBook rules;
  private transient ValueState<RollingWindow> window;

  @Override
  public void open(OpenContext context) {
    rules = new RuleBook();
    window = getRuntimeContext().getState(WINDOW);
  }

  @Override
  public void processElement(RuleSample sample, ReadOnlyContext ctx, Collector<String> out) throws Exception {
    Optional<AlertRule> rule = rules.find(sample.ruleId, ctx.getBroadcastState(RuleBook.RULES)).filter(AlertRule::enabled);
    if (rule.isEmpty()) {
      return; // the matcher saw the rule before this operator did, or after it was disabled
    }
    RollingWindow current = window.value() == null ? new RollingWindow() : window.value();
    current.add(sample);
    long at = Math.max(ctx.currentWatermark(), current.latestEventTime);
    step(rule.get(), current, ctx.getCurrentKey(), at, out);
    schedule(ctx.timerService(), rule.get(), current, at);
    store(current);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    RollingWindow current = window.value();
    if (current == null) {
      return;
    }
    Optional<AlertRule> rule = rules.find(ruleIdOf(ctx.getCurrentKey()), ctx.getBroadcastState(RuleBook.RULES))
        .filter(AlertRule::enabled);
    if (rule.isEmpty()) {
      window.clear(); // retired when the rule was disabled
      return;
    }
    long at = Math.max(timestamp, current.latestEventTime);
    step(rule.get(), current, ctx.getCurrentKey(), at, out);
    schedule(ctx.timerService(), rule.get(), current, at);
    store(current);
  }

  @Override
  public void processBroadcastElement(String ruleJson, Context ctx, Collector<String> out) throws Exception {
    Optional<AlertRule> changed = RuleBook.apply(ruleJson, ctx.getBroadcastState(RuleBook.RULES));
    if (changed.isEmpty()) {
      return;
    }
    AlertRule rule = changed.get();
    String prefix = rule.id() + ":";
    ctx.applyToKeyedState(WINDOW, (key, state) -> {
      RollingWindow current = state.value();
      if (current == null || !key.startsWith(prefix)) {
        return;
      }
      long at = Math.max(ctx.currentWatermark(), current.latestEventTime);
      // State is updated in place, never cleared here: keys are being iterated. Timers clear it.
      RollingWindow.Change change = rule.enabled() ? current.evaluate(rule, at) : current.retire(rule, at);
      emit(rule, current, key, change, out);
      state.update(current);
    });
  }

  private static void step(AlertRule rule, RollingWindow current, String key, long at, Collector<String> out) {
    emit(rule, current, key, current.evaluate(rule, at), out);
    current.forgetBefore(rule, at);
  }

  private static void emit(AlertRule rule, RollingWindow current, String key, RollingWindow.Change change, Collector<String> out) {
    if (change == null) {
      return;
    }
    String groupKey = key.substring(key.indexOf(':') + 1);
    Alert alert = new Alert(
        Alert.idOf(rule.id(), groupKey, change.firstBreachAt(), change.state()),
        change.state(), rule, groupKey, current.dimensions(),
        Double.isNaN(change.value()) ? null : change.value(), change.firstBreachAt(), change.at());
    out.collect(new String(AlertCodec.encode(alert), StandardCharsets.UTF_8));
  }

  private static void schedule(TimerService timers, AlertRule rule, RollingWindow current, long at) {
    current.nextExpiry(rule, at).ifPresent(timers::registerEventTimeTimer);
    current.pendingUntil(rule).ifPresent(timers::registerEventTimeTimer);
  }

  private void store(RollingWindow current) throws Exception {
    if (current.idle()) {
      window.clear();
    } else {
      window.update(current);
    }
  }

  private static long ruleIdOf(String key) {
    return Long.parseLong(key.substring(0, key.indexOf(':')));
  }
}
