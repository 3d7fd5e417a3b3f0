package dev.pulse.scheduler.jobs;

import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Quartz builds jobs by class; this hands them the dispatcher instead of a no-argument constructor. */
public class InjectingJobFactory implements JobFactory {
  private final Dispatcher dispatcher;

  public InjectingJobFactory(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type == NotifyJob.class) {
      return new NotifyJob(dispatcher);
    }
    if (type == EscalateJob.class) {
      return new EscalateJob(dispatcher);
    }
    throw new SchedulerException("no job of type " + type.getName());
  }
}
