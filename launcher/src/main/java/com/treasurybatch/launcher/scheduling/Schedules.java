package com.treasurybatch.launcher.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * What operators do with schedules (CLI {@code schedules list|pause|resume|trigger}, API
 * {@code /api/schedules/{name}/...}): read and change the clustered Quartz job store, so every node sees the change.
 * A schedule is named by its file ({@code schedules/<name>.yaml}); pausing one schedule of a job leaves the job's
 * other schedules firing. Audit rows name the schedule. A pause lasts until a resume, or until the
 * schedule's file changes. Every change is audited ({@code schedule.pause}, {@code schedule.resume},
 * {@code schedule.trigger}), refusals included.
 */
public class Schedules {

	private final Scheduler scheduler;

	private final AuditLog audit;

	/**
	 * @param scheduler the Quartz scheduler (started or not: the job store is shared)
	 * @param audit where changes are recorded
	 */
	public Schedules(Scheduler scheduler, AuditLog audit) {
		this.scheduler = scheduler;
		this.audit = audit;
	}

	/**
	 * Every schedule in the store, sorted by schedule name.
	 * @throws SchedulerException if the job store cannot be read
	 */
	public List<ScheduleView> list() throws SchedulerException {
		List<ScheduleView> views = new ArrayList<>();
		for (JobKey key : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ScheduleSynchronizer.GROUP))) {
			Trigger trigger = this.scheduler.getTrigger(TriggerKey.triggerKey(key.getName(), ScheduleSynchronizer.GROUP));
			org.quartz.JobDetail detail = this.scheduler.getJobDetail(key);
			String job = (detail != null) ? detail.getJobDataMap().getString(ScheduleSynchronizer.JOB_NAME_KEY) : null;
			if (trigger == null) {
				views.add(new ScheduleView(key.getName(), job, null, null, "DISABLED", null, null));
				continue;
			}
			CronTrigger cron = (CronTrigger) trigger;
			views.add(new ScheduleView(key.getName(), job, cron.getCronExpression(), cron.getTimeZone().getID(),
					this.scheduler.getTriggerState(trigger.getKey()).name(), instant(trigger.getNextFireTime()),
					instant(trigger.getPreviousFireTime())));
		}
		views.sort(java.util.Comparator.comparing(ScheduleView::name));
		return views;
	}

	/**
	 * Pauses one schedule's trigger on every node; the job's other schedules go on firing.
	 * @param name the schedule name (its file name without {@code .yaml})
	 * @throws IllegalArgumentException if there is no enabled schedule of that name
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void pause(String name, Actor actor) throws SchedulerException {
		audited(name, actor, "schedule.pause", () -> this.scheduler.pauseTrigger(existingTrigger(name)));
	}

	/**
	 * Resumes a paused schedule; a fire missed while paused follows the schedule's misfire policy.
	 * @param name the schedule name
	 * @throws IllegalArgumentException if there is no enabled schedule of that name
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void resume(String name, Actor actor) throws SchedulerException {
		audited(name, actor, "schedule.resume", () -> this.scheduler.resumeTrigger(existingTrigger(name)));
	}

	/**
	 * Fires a schedule once now, on whichever node's scheduler picks it up (with the schedule's parameters,
	 * resolved for now).
	 * @param name the schedule name
	 * @throws IllegalArgumentException if there is no schedule of that name
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void trigger(String name, Actor actor) throws SchedulerException {
		audited(name, actor, "schedule.trigger", () -> {
			JobKey key = JobKey.jobKey(name, ScheduleSynchronizer.GROUP);
			if (!this.scheduler.checkExists(key)) {
				throw new IllegalArgumentException("No schedule named " + name);
			}
			this.scheduler.triggerJob(key);
		});
	}

	/**
	 * Records the changes a start-up sync made to the job store, as the system, one audit row per change with the
	 * schedule name as target.
	 * @param changes lines from {@link ScheduleSynchronizer#sync}
	 */
	public void recordSync(List<String> changes) {
		for (String change : changes) {
			String name = change.substring(change.indexOf(' ') + 1).split(" ", 2)[0];
			this.audit.record(new AuditEvent(Actor.SYSTEM, "schedule.sync", name, java.util.Map.of(), AuditOutcome.OK,
					change));
		}
	}

	private void audited(String name, Actor actor, String action, SchedulerAction change) throws SchedulerException {
		try {
			change.run();
			this.audit.record(new AuditEvent(actor, action, name, java.util.Map.of(), AuditOutcome.OK, null));
		}
		catch (IllegalArgumentException ex) {
			this.audit.record(new AuditEvent(actor, action, name, java.util.Map.of(), AuditOutcome.REFUSED,
					ex.getMessage()));
			throw ex;
		}
		catch (SchedulerException | RuntimeException ex) {
			this.audit.record(new AuditEvent(actor, action, name, java.util.Map.of(), AuditOutcome.ERROR,
					ex.getMessage()));
			throw ex;
		}
	}

	@FunctionalInterface
	private interface SchedulerAction {

		void run() throws SchedulerException;

	}

	private TriggerKey existingTrigger(String name) throws SchedulerException {
		TriggerKey key = TriggerKey.triggerKey(name, ScheduleSynchronizer.GROUP);
		if (!this.scheduler.checkExists(key)) {
			throw new IllegalArgumentException("No enabled schedule named " + name);
		}
		return key;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	/**
	 * One schedule as operators see it.
	 * @param name the schedule name (its file name without {@code .yaml})
	 * @param job the Spring Batch job it starts
	 * @param cron the Quartz cron expression, null when disabled
	 * @param zone the cron's time zone id
	 * @param state Quartz trigger state (NORMAL, PAUSED, BLOCKED while running, ...) or DISABLED
	 * @param nextFire next fire time (UTC), null if none
	 * @param previousFire previous fire time (UTC), null if none
	 */
	public record ScheduleView(String name, String job, String cron, String zone, String state, Instant nextFire,
			Instant previousFire) {
	}

}
