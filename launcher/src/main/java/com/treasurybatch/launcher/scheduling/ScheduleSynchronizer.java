package com.treasurybatch.launcher.scheduling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Quartz's job store match the schedule files: a definition that is new gets a job and a cron trigger,
 * a changed one is rescheduled, a removed or disabled one loses its trigger (and its Quartz job when the file
 * is gone). Quartz jobs and triggers are keyed by the schedule's name ({@link ScheduleDefinition#name()}), so
 * several schedules of one Spring Batch job live side by side; a schedule file named after its job (as every file
 * was before schedules had names of their own) keeps the keys it always had, so the stored rows, their next fire
 * time and their pause carry over. Unchanged triggers are left alone, so their next fire time and a pause set by an
 * operator survive a restart. Only Quartz entries in the {@value #GROUP} group are ours; anything else in the store is not
 * touched. Nodes that start together must not sync at the same time: the start-up sync runs under a lock shared by
 * the nodes ({@code SchedulingConfiguration.syncAlone}).
 */
public class ScheduleSynchronizer {

	/** Quartz group of every job and trigger made from the schedule files. */
	public static final String GROUP = "treasury-schedules";

	static final String JOB_NAME_KEY = "job";

	static final String ZONE_KEY = "zone";

	private static final Logger log = LoggerFactory.getLogger(ScheduleSynchronizer.class);

	private final Scheduler scheduler;

	/** @param scheduler the (clustered) Quartz scheduler; it need not be started */
	public ScheduleSynchronizer(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Applies the definitions and returns what changed, one line per change, each starting with the action and the
	 * schedule name (e.g. {@code added inbox-processing (0 * * * * ? UTC)}, {@code added analytics-rollups-daily
	 * (job analytics-rollups, 0 35 0 * * ? UTC, ...)}).
	 * @throws SchedulerException if the job store cannot be read or written
	 */
	public List<String> sync(List<ScheduleDefinition> definitions) throws SchedulerException {
		List<String> changes = new ArrayList<>();
		Set<JobKey> wanted = new HashSet<>();
		for (ScheduleDefinition definition : definitions) {
			JobKey jobKey = JobKey.jobKey(definition.name(), GROUP);
			wanted.add(jobKey);
			JobDetail detail = JobBuilder.newJob(QuartzJobBridge.class)
				.withIdentity(jobKey)
				.withDescription("Spring Batch job " + definition.job() + " (" + definition.source() + ")")
				.usingJobData(jobData(definition))
				.storeDurably()
				.requestRecovery(false)
				.build();
			TriggerKey triggerKey = TriggerKey.triggerKey(definition.name(), GROUP);
			Trigger existing = this.scheduler.getTrigger(triggerKey);
			boolean detailChanged = !sameJobData(this.scheduler.getJobDetail(jobKey), detail);
			if (!definition.enabled()) {
				this.scheduler.addJob(detail, true);
				if (existing != null) {
					this.scheduler.unscheduleJob(triggerKey);
					changes.add("disabled " + definition.name());
				}
				continue;
			}
			CronTrigger trigger = trigger(definition, triggerKey, jobKey);
			if (existing == null) {
				// add or replace: nothing to keep, and a node that stored it meanwhile stored the same
				this.scheduler.scheduleJob(detail, Set.of(trigger), true);
				changes.add("added " + describe(definition));
			}
			else if (detailChanged || !sameSchedule(existing, trigger)) {
				this.scheduler.addJob(detail, true, true);
				this.scheduler.rescheduleJob(triggerKey, trigger);
				changes.add("changed " + describe(definition));
			}
		}
		for (JobKey stored : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
			if (!wanted.contains(stored)) {
				this.scheduler.deleteJob(stored);
				changes.add("removed " + stored.getName());
			}
		}
		changes.forEach((change) -> log.info("Schedule {}", change));
		return changes;
	}

	private static JobDataMap jobData(ScheduleDefinition definition) {
		JobDataMap data = new JobDataMap();
		data.put(JOB_NAME_KEY, definition.job());
		data.put(ZONE_KEY, definition.zone().getId());
		definition.parameters().forEach((key, value) -> data.put("param." + key, value));
		return data;
	}

	private static CronTrigger trigger(ScheduleDefinition definition, TriggerKey triggerKey, JobKey jobKey) {
		CronScheduleBuilder schedule = CronScheduleBuilder.cronSchedule(definition.cron())
			.inTimeZone(TimeZone.getTimeZone(definition.zone()));
		schedule = switch (definition.misfire()) {
			case FIRE_ONCE_NOW -> schedule.withMisfireHandlingInstructionFireAndProceed();
			case DO_NOTHING -> schedule.withMisfireHandlingInstructionDoNothing();
		};
		return TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(jobKey).withSchedule(schedule).build();
	}

	private static boolean sameSchedule(Trigger existing, CronTrigger wanted) {
		return existing instanceof CronTrigger cron && cron.getCronExpression().equals(wanted.getCronExpression())
				&& cron.getTimeZone().getID().equals(wanted.getTimeZone().getID())
				&& cron.getMisfireInstruction() == wanted.getMisfireInstruction();
	}

	private static boolean sameJobData(JobDetail existing, JobDetail wanted) {
		return existing != null && Objects.equals(Map.copyOf(existing.getJobDataMap().getWrappedMap()),
				Map.copyOf(wanted.getJobDataMap().getWrappedMap()));
	}

	private static String describe(ScheduleDefinition definition) {
		return definition.name() + " ("
				+ (definition.name().equals(definition.job()) ? "" : "job " + definition.job() + ", ")
				+ definition.cron() + " " + definition.zone().getId() + ", misfire "
				+ definition.misfire().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				+ (definition.parameters().isEmpty() ? "" : ", parameters " + definition.parameters()) + ")";
	}

}
