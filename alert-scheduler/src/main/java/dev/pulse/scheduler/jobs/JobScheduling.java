package dev.pulse.scheduler.jobs;

import java.time.Instant;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The scheduler's jobs, in Quartz's clustered store: one notify job and one escalate job per
 * group, each fired by triggers named after what caused them. A trigger that already exists (the
 * same alert received twice) is not added again, and a job never runs twice at once anywhere in
 * the cluster ({@code @DisallowConcurrentExecution}).
 */
public class JobScheduling {
  static final String GROUP_ID = "groupId";
  static final String ALERT_ID = "alertId";

  private final Scheduler scheduler;

  public JobScheduling(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Brings the group's notifications up to date now: an alert for it arrived. */
  public void notifyNow(long groupId, String alertId) throws SchedulerException {
    fire(NotifyJob.class, "notify-" + groupId, groupId, null, "alert-" + alertId, Instant.now());
  }

  /** Looks at the group again later: a page held back by grouping, or a failed delivery. */
  public void notifyAt(long groupId, Instant at) throws SchedulerException {
    fire(NotifyJob.class, "notify-" + groupId, groupId, null, "later-" + groupId + "-" + at.toEpochMilli(), at);
  }

  /** Escalates the group's firing alert at {@code at} unless it was acknowledged or resolved by then. */
  public void escalateAt(long groupId, String firingAlertId, Instant at) throws SchedulerException {
    fire(EscalateJob.class, "escalate-" + groupId, groupId, firingAlertId,
        "escalate-" + firingAlertId + "-" + at.toEpochMilli(), at);
  }

  private void fire(Class<? extends org.quartz.Job> type, String jobName, long groupId, String alertId,
      String triggerName, Instant at) throws SchedulerException {
    JobKey job = JobKey.jobKey(jobName, "alerts");
    if (!scheduler.checkExists(job)) {
      JobDetail detail = JobBuilder.newJob(type).withIdentity(job).storeDurably().requestRecovery().build();
      try {
        scheduler.addJob(detail, false);
      } catch (ObjectAlreadyExistsException raced) {
        // another instance added it first
      }
    }
    TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger()
        .withIdentity(TriggerKey.triggerKey(triggerName, "alerts"))
        .forJob(job)
        .usingJobData(GROUP_ID, groupId)
        .startAt(Date.from(at));
    if (alertId != null) {
      builder.usingJobData(ALERT_ID, alertId);
    }
    Trigger trigger = builder
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    try {
      scheduler.scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException duplicate) {
      // the same cause, scheduled already
    }
  }
}
