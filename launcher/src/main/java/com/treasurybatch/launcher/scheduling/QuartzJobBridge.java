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

/**
 * What a Quartz trigger runs: it starts the schedule's Spring Batch job through {@link ScheduledJobStarter}
 * (the same service as the CLI and the API, channel {@code schedule}) and does nothing else. Quartz never runs
 * two fires of one schedule at once, on any node ({@link DisallowConcurrentExecution} on the clustered store);
 * the starter also refuses a run while another execution of the job (say, one an operator started) is going.
 * A failed run is logged and left FAILED in the job repository: the next fire of a date-keyed job restarts it,
 * and the trigger keeps firing.
 */
@DisallowConcurrentExecution
public class QuartzJobBridge implements Job {

	private static final Logger log = LoggerFactory.getLogger(QuartzJobBridge.class);

	private final ScheduledJobStarter starter;

	/** Created by Quartz through Spring's job factory. */
	public QuartzJobBridge(ScheduledJobStarter starter) {
		this.starter = starter;
	}

	@Override
	public void execute(JobExecutionContext context) {
		JobDataMap data = context.getMergedJobDataMap();
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
		catch (RuntimeException ex) {
			log.warn("Scheduled run of {} {} did not complete: {}", job, parameters, ex.getMessage());
		}
	}

}
