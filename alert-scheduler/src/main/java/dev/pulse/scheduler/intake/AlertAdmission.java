package dev.pulse.scheduler.intake;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.scheduler.jobs.JobScheduling;
import dev.pulse.scheduler.store.AlertLedger;

/**
 * Where every alert enters, whichever way it came (the alerts topic, Alertmanager): recorded in the
 * ledger, which recognizes one seen before, then notified at once.
 */
public class AlertAdmission {
  private final AlertLedger ledger;
  private final JobScheduling jobs;

  public AlertAdmission(AlertLedger ledger, JobScheduling jobs) {
    this.ledger = ledger;
    this.jobs = jobs;
  }

  public void admit(Alert alert) {
    long groupId = ledger.receive(alert);
    try {
      jobs.notifyNow(groupId, alert.id());
    } catch (org.quartz.SchedulerException e) {
      throw new IllegalStateException("cannot schedule the notification of alert " + alert.id(), e);
    }
  }
}
