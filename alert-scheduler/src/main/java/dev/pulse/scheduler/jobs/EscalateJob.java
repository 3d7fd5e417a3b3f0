package dev.pulse.scheduler.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Re-sends or escalates a firing alert nobody acknowledged; see {@link Dispatcher#escalate}. */
@DisallowConcurrentExecution
public class EscalateJob implements Job {
  private final Dispatcher dispatcher;

  public EscalateJob(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    try {
      dispatcher.escalate(data.getLong(JobScheduling.GROUP_ID), data.getString(JobScheduling.ALERT_ID));
    } catch (RuntimeException | org.quartz.SchedulerException e) {
      throw new JobExecutionException(e, false);
    }
  }
}
