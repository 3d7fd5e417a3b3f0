package dev.pulse.scheduler.jobs;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.scheduler.channels.Channel;
import dev.pulse.scheduler.channels.ChannelRouter;
import dev.pulse.scheduler.channels.Delivery;
import dev.pulse.scheduler.channels.Messages;
import dev.pulse.scheduler.store.AlertGroup;
import dev.pulse.scheduler.store.AlertLedger;
import dev.pulse.scheduler.store.NotificationLog;
import dev.pulse.scheduler.store.Silence;
import dev.pulse.scheduler.store.SilenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one group at a time, what to send: a page for a new FIRING alert (unless silenced,
 * or grouped because the group paged within the grouping interval), a resolve to wherever the page
 * went, and escalations while a firing alert goes unacknowledged. The group's row stays locked for
 * the whole decision, so two scheduler instances never decide for one group at once; each
 * message's outcome is logged as soon as it is known, so a message that went out is never sent
 * again.
 */
public class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Jdbi jdbi;
  private final AlertLedger ledger;
  private final NotificationLog log;
  private final SilenceStore silences;
  private final ChannelRouter router;
  private final DeliveryOutcomes outcomes;
  private final Duration groupingInterval;
  private final Duration retryLater;
  private final Clock clock;
  private JobScheduling jobs;

  public Dispatcher(Jdbi jdbi, AlertLedger ledger, NotificationLog log, SilenceStore silences, ChannelRouter router,
      DeliveryOutcomes outcomes, Duration groupingInterval, Duration retryLater, Clock clock) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.log = log;
    this.silences = silences;
    this.router = router;
    this.outcomes = outcomes;
    this.groupingInterval = groupingInterval;
    this.retryLater = retryLater;
    this.clock = clock;
  }

  /** Set once Quartz is built: its jobs call back into this dispatcher. */
  public void scheduleWith(JobScheduling scheduling) {
    this.jobs = scheduling;
  }

  public void notifyGroup(long groupId) throws SchedulerException {
    jdbi.useTransaction(handle -> {
      Optional<AlertGroup> group = ledger.lock(handle, groupId);
      if (group.isEmpty()) {
        return;
      }
      if (group.get().state() == AlertState.FIRING) {
        page(handle, group.get(), group.get().alert());
      } else {
        resolve(handle, group.get());
      }
    });
  }

  public void escalate(long groupId, String firingAlertId) throws SchedulerException {
    jdbi.useTransaction(handle -> {
      AlertGroup group = ledger.lock(handle, groupId).orElse(null);
      if (group == null || group.state() != AlertState.FIRING || !group.alert().id().equals(firingAlertId)
          || !group.paged() || group.acknowledgedAt() != null) {
        return; // resolved, replaced by a newer alert, silenced or acknowledged meanwhile
      }
      Alert alert = group.alert();
      int step = group.escalations() + 1;
      List<String> channels = alert.rule().escalationChannels().isEmpty()
          ? alert.rule().channels() : alert.rule().escalationChannels();
      Instant now = clock.instant();
      if (!deliverAll(group, alert, Messages.Kind.ESCALATE, step, channels)) {
        jobs.escalateAt(groupId, firingAlertId, now.plus(retryLater));
        return;
      }
      LinkedHashSet<String> reached = new LinkedHashSet<>(group.notifiedChannels());
      reached.addAll(channels);
      ledger.escalated(handle, groupId, step, new ArrayList<>(reached));
      jobs.escalateAt(groupId, firingAlertId, now.plusSeconds(alert.rule().escalateAfterSeconds()));
    });
  }

  /** Pages the group's FIRING alert unless it was paged, silenced or grouped; true when it was paged now. */
  private boolean page(Handle handle, AlertGroup group, Alert alert) throws SchedulerException {
    if (alert.id().equals(group.notifiedAlertId())) {
      return false; // paged (or silenced) already
    }
    Instant now = clock.instant();
    Optional<Silence> silence = silences.unexpired().stream().filter(s -> s.matches(alert, now)).findFirst();
    if (silence.isPresent()) {
      log.held(group.id(), alert.id(), Messages.Kind.TRIGGER, "SILENCED",
          "silence " + silence.get().id() + ": " + silence.get().comment());
      ledger.notified(handle, group.id(), alert.id(), AlertGroup.SILENCED, List.of(), false);
      return false;
    }
    if (group.lastTriggerAt() != null && now.isBefore(group.lastTriggerAt().plus(groupingInterval))) {
      Instant at = group.lastTriggerAt().plus(groupingInterval);
      log.held(group.id(), alert.id(), Messages.Kind.TRIGGER, "GROUPED",
          "the group paged at " + group.lastTriggerAt() + "; looked at again at " + at + " if still firing");
      jobs.notifyAt(group.id(), at);
      return false;
    }
    List<String> channels = alert.rule().channels();
    if (!deliverAll(group, alert, Messages.Kind.TRIGGER, 0, channels)) {
      jobs.notifyAt(group.id(), now.plus(retryLater));
      return false;
    }
    ledger.notified(handle, group.id(), alert.id(), AlertGroup.PAGED, channels, true);
    Integer escalateAfter = alert.rule().escalateAfterSeconds();
    if (escalateAfter != null) {
      jobs.escalateAt(group.id(), alert.id(), now.plusSeconds(escalateAfter));
    }
    return true;
  }

  private void resolve(Handle handle, AlertGroup group) throws SchedulerException {
    if (!group.paged()) {
      Optional<Alert> unpaged = unpagedFiring(handle, group);
      if (unpaged.isEmpty() || !page(handle, group, unpaged.get())) {
        return; // nothing was paged (silenced, grouped, or never fired), so there is nothing to resolve
      }
      group = ledger.lock(handle, group.id()).orElseThrow();
    }
    Alert alert = group.alert();
    if (!deliverAll(group, alert, Messages.Kind.RESOLVE, 0, group.notifiedChannels())) {
      jobs.notifyAt(group.id(), clock.instant().plus(retryLater));
      return;
    }
    ledger.notified(handle, group.id(), alert.id(), AlertGroup.RESOLVED, group.notifiedChannels(), false);
  }

  /**
   * The FIRING alert this RESOLVED one ends, when no decision was made on it yet: its resolve
   * arrived before it was paged, because the scheduler, its database or Quartz was down or behind.
   * The breach happened all the same, so on-call hears of it, and at once of its end.
   */
  private Optional<Alert> unpagedFiring(Handle handle, AlertGroup group) {
    Alert resolved = group.alert();
    String firingId = Alert.idOf(resolved.rule().id(), resolved.groupKey(), resolved.firstBreachAt(), AlertState.FIRING);
    if (firingId.equals(group.notifiedAlertId()) || resolved.id().equals(group.notifiedAlertId())
        || log.held(firingId, Messages.Kind.TRIGGER)) {
      return Optional.empty();
    }
    return ledger.received(handle, firingId);
  }

  /** Sends to every channel not yet settled; true when all are settled (sent, or refused for good). */
  private boolean deliverAll(AlertGroup group, Alert alert, Messages.Kind kind, int step, List<String> channelUris) {
    boolean settled = true;
    for (String uri : channelUris) {
      Channel channel = router.channel(uri);
      if (log.settled(alert.id(), kind, step, channel)) {
        continue;
      }
      Delivery delivery = router.send(channel, alert, kind, step);
      log.delivered(group.id(), alert.id(), kind, step, channel, delivery);
      outcomes.record(channel, kind, delivery);
      if (delivery.status() == Delivery.Status.REJECTED) {
        LOG.warn("{} refused the {} of alert {} with HTTP {}: {}", channel.redacted(), kind, alert.id(),
            delivery.httpStatus(), delivery.detail());
      } else if (delivery.status() == Delivery.Status.FAILED) {
        LOG.warn("{} did not take the {} of alert {} after {} attempts ({}); trying again in {}", channel.redacted(),
            kind, alert.id(), delivery.attempts(), delivery.detail(), retryLater);
      }
      settled &= delivery.isFinal();
    }
    return settled;
  }
}
