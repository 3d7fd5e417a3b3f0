package dev.pulse.scheduler.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Brings one group's notifications up to date with its state; see {@link Dispatcher#notifyGroup}. */
@DisallowConcurrentExecution
public class NotifyJob implements Job {
  private final Dispatcher dispatcher;

  public NotifyJob(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      dispatcher.notifyGroup(context.getMergedJobDataMap().getLong(JobScheduling.GROUP_ID));
    } catch (RuntimeException | org.quartz.SchedulerException e) {
      throw new JobExecutionException(e, false);
    }
  }
}
