package subsim.bot.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import subsim.bot.service.BotActions;
import subsim.bot.service.BotContext;

/** Quartz (in memory) running each bot's training, post and comment jobs. */
public final class BotScheduler implements AutoCloseable {

  /** How often the training job checks whether a bot's data changed. */
  static final int TRAINING_CHECK_MINUTES = 30;

  private final Scheduler scheduler;

  public BotScheduler(List<BotContext> bots, BotActions actions) {
    try {
      Properties properties = new Properties();
      properties.setProperty("org.quartz.scheduler.instanceName", "subsim-" + UUID.randomUUID());
      properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
      properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(2, bots.size() + 1)));
      properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      this.scheduler = new StdSchedulerFactory(properties).getScheduler();
      Map<String, BotContext> byName = new LinkedHashMap<>();
      bots.forEach(b -> byName.put(b.name(), b));
      scheduler.getContext().put(BotJob.ACTIONS, actions);
      scheduler.getContext().put(BotJob.BOTS, byName);
      for (BotContext bot : bots) {
        schedule(bot.name(), "training", TrainingJob.class, TriggerBuilder.newTrigger().startNow()
            .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(TRAINING_CHECK_MINUTES)).build());
        schedule(bot.name(), "post", PostJob.class, cron(bot.config().schedule().posts()));
        if (bot.config().schedule().comments().isPresent()) {
          schedule(bot.name(), "comment", CommentJob.class, cron(bot.config().schedule().comments().get()));
        }
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot set up the scheduler: " + e.getMessage(), e);
    }
  }

  private static Trigger cron(String expression) {
    return TriggerBuilder.newTrigger().withSchedule(CronScheduleBuilder.cronSchedule(expression)
        .withMisfireHandlingInstructionDoNothing()).build();
  }

  private void schedule(String bot, String job, Class<? extends Job> type, Trigger trigger) throws SchedulerException {
    JobDetail detail = JobBuilder.newJob(type).withIdentity(job, bot).usingJobData(BotJob.BOT, bot).build();
    scheduler.scheduleJob(detail, trigger);
  }

  public void start() {
    try {
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
    }
  }

  public boolean isRunning() {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  /** When each bot's post and comment jobs fire next. */
  public List<NextFire> upcoming() {
    List<NextFire> fires = new ArrayList<>();
    try {
      for (String bot : scheduler.getJobGroupNames()) {
        for (String job : List.of("post", "comment")) {
          for (Trigger trigger : scheduler.getTriggersOfJob(JobKey.jobKey(job, bot))) {
            fires.add(new NextFire(bot, job, trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().toInstant()));
          }
        }
      }
    } catch (SchedulerException e) {
      return List.of();
    }
    fires.sort((a, b) -> a.at() == null ? 1 : b.at() == null ? -1 : a.at().compareTo(b.at()));
    return fires;
  }

  /** Stops firing, and waits for running jobs to finish; queued items stay queued for the next start. */
  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot stop the scheduler: " + e.getMessage(), e);
    }
  }
}
