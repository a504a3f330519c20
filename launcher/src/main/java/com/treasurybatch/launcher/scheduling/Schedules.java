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
 * What operators do with schedules (CLI {@code schedules list|pause|resume|trigger}): read and change the
 * clustered Quartz job store, so every node sees the change. A pause lasts until a resume, or until the
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
	 * Every schedule in the store, by job name.
	 * @throws SchedulerException if the job store cannot be read
	 */
	public List<ScheduleView> list() throws SchedulerException {
		List<ScheduleView> views = new ArrayList<>();
		for (JobKey key : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ScheduleSynchronizer.GROUP))) {
			Trigger trigger = this.scheduler.getTrigger(TriggerKey.triggerKey(key.getName(), ScheduleSynchronizer.GROUP));
			if (trigger == null) {
				views.add(new ScheduleView(key.getName(), null, null, "DISABLED", null, null));
				continue;
			}
			CronTrigger cron = (CronTrigger) trigger;
			views.add(new ScheduleView(key.getName(), cron.getCronExpression(), cron.getTimeZone().getID(),
					this.scheduler.getTriggerState(trigger.getKey()).name(), instant(trigger.getNextFireTime()),
					instant(trigger.getPreviousFireTime())));
		}
		views.sort(java.util.Comparator.comparing(ScheduleView::job));
		return views;
	}

	/**
	 * Pauses a job's trigger on every node.
	 * @throws IllegalArgumentException if the job has no schedule
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void pause(String job, Actor actor) throws SchedulerException {
		audited(job, actor, "schedule.pause", () -> this.scheduler.pauseTrigger(existingTrigger(job)));
	}

	/**
	 * Resumes a paused trigger; a fire missed while paused follows the schedule's misfire policy.
	 * @throws IllegalArgumentException if the job has no schedule
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void resume(String job, Actor actor) throws SchedulerException {
		audited(job, actor, "schedule.resume", () -> this.scheduler.resumeTrigger(existingTrigger(job)));
	}

	/**
	 * Fires a schedule once now, on whichever node's scheduler picks it up (with the schedule's parameters,
	 * resolved for now).
	 * @throws IllegalArgumentException if the job has no schedule
	 * @throws SchedulerException if the job store cannot be written
	 */
	public void trigger(String job, Actor actor) throws SchedulerException {
		audited(job, actor, "schedule.trigger", () -> {
			JobKey key = JobKey.jobKey(job, ScheduleSynchronizer.GROUP);
			if (!this.scheduler.checkExists(key)) {
				throw new IllegalArgumentException("No schedule for job " + job);
			}
			this.scheduler.triggerJob(key);
		});
	}

	/**
	 * Records the changes a start-up sync made to the job store, as the system.
	 * @param changes lines from {@link ScheduleSynchronizer#sync}
	 */
	public void recordSync(List<String> changes) {
		for (String change : changes) {
			String job = change.substring(change.indexOf(' ') + 1).split(" ", 2)[0];
			this.audit.record(new AuditEvent(Actor.SYSTEM, "schedule.sync", job, java.util.Map.of(), AuditOutcome.OK,
					change));
		}
	}

	private void audited(String job, Actor actor, String action, SchedulerAction change) throws SchedulerException {
		try {
			change.run();
			this.audit.record(new AuditEvent(actor, action, job, java.util.Map.of(), AuditOutcome.OK, null));
		}
		catch (IllegalArgumentException ex) {
			this.audit.record(new AuditEvent(actor, action, job, java.util.Map.of(), AuditOutcome.REFUSED,
					ex.getMessage()));
			throw ex;
		}
		catch (SchedulerException | RuntimeException ex) {
			this.audit.record(new AuditEvent(actor, action, job, java.util.Map.of(), AuditOutcome.ERROR,
					ex.getMessage()));
			throw ex;
		}
	}

	@FunctionalInterface
	private interface SchedulerAction {

		void run() throws SchedulerException;

	}

	private TriggerKey existingTrigger(String job) throws SchedulerException {
		TriggerKey key = TriggerKey.triggerKey(job, ScheduleSynchronizer.GROUP);
		if (!this.scheduler.checkExists(key)) {
			throw new IllegalArgumentException("No enabled schedule for job " + job);
		}
		return key;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	/**
	 * One schedule as operators see it.
	 * @param job the Spring Batch job name
	 * @param cron the Quartz cron expression, null when disabled
	 * @param zone the cron's time zone id
	 * @param state Quartz trigger state (NORMAL, PAUSED, BLOCKED while running, ...) or DISABLED
	 * @param nextFire next fire time (UTC), null if none
	 * @param previousFire previous fire time (UTC), null if none
	 */
	public record ScheduleView(String job, String cron, String zone, String state, Instant nextFire,
			Instant previousFire) {
	}

}
