package com.treasurybatch.launcher.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * What a Quartz trigger runs: it starts the schedule's Spring Batch job through {@link ScheduledJobStarter}
 * (the same service as the CLI and the API, channel {@code schedule}) and does nothing else. Quartz never runs
 * two fires of one schedule at once, on any node ({@link DisallowConcurrentExecution} on the clustered store);
 * the starter also refuses a run while another execution of the job is going (one an operator started, or one
 * started by another schedule of the same job). A refused fire is skipped, not retried: it is audited as
 * {@code schedule.fire} (outcome {@code refused}, target the schedule name, the reason as detail) next to the
 * operations service's own refused {@code job.start} row, and logged once at INFO; the trigger fires again at its
 * next time. A failed run is logged and left FAILED in the job repository: the next fire of a date-keyed job
 * restarts it, and the trigger keeps firing.
 */
@DisallowConcurrentExecution
public class QuartzJobBridge implements Job {

	private static final Logger log = LoggerFactory.getLogger(QuartzJobBridge.class);

	private final ScheduledJobStarter starter;

	private final AuditLog audit;

	/** Created by Quartz through Spring's job factory. */
	public QuartzJobBridge(ScheduledJobStarter starter, AuditLog audit) {
		this.starter = starter;
		this.audit = audit;
	}

	@Override
	public void execute(JobExecutionContext context) {
		JobDataMap data = context.getMergedJobDataMap();
		String schedule = context.getJobDetail().getKey().getName();
		String job = data.getString(ScheduleSynchronizer.JOB_NAME_KEY);
		ZoneId zone = ZoneId.of(data.getString(ScheduleSynchronizer.ZONE_KEY));
		Map<String, String> templates = new LinkedHashMap<>();
		for (String key : data.getKeys()) {
			if (key.startsWith("param.")) {
				templates.put(key.substring("param.".length()), data.getString(key));
			}
		}
		Instant fireTime = (context.getScheduledFireTime() != null) ? context.getScheduledFireTime().toInstant()
				: Instant.now();
		Map<String, String> parameters = ScheduleParameters.resolve(templates, fireTime, zone);
		try {
			this.starter.start(job, parameters);
		}
		catch (OperationRefusedException ex) {
			log.info("Schedule {} did not start {} {}: {} ({})", schedule, job, parameters, ex.getMessage(),
					ex.refusal());
			Map<String, String> recorded = new LinkedHashMap<>(parameters);
			recorded.put("job", job);
			this.audit.record(new AuditEvent(Actor.SCHEDULER, "schedule.fire", schedule, recorded,
					AuditOutcome.REFUSED, ex.refusal() + ": " + ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.warn("Scheduled run of {} {} (schedule {}) did not complete: {}", job, parameters, schedule,
					ex.getMessage());
		}
	}

}
