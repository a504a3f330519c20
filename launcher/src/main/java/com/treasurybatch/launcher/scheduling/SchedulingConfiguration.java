package com.treasurybatch.launcher.scheduling;

import java.util.List;
import java.util.Set;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.treasurybatch.shared.audit.AuditLog;

/**
 * Wires schedules: the files' location ({@code treasury.schedules.location}, default the packaged
 * {@code schedules/*.yaml}), the sync at start-up of a node that fires schedules (not the CLI, which runs with
 * {@code spring.quartz.auto-startup=false}), and the operator service.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

	@Bean
	ScheduleFiles scheduleFiles(
			@Value("${treasury.schedules.location:classpath*:schedules/*.yaml}") String location,
			@Value("${treasury.zone:UTC}") String zone) {
		return new ScheduleFiles(location, java.time.ZoneId.of(zone));
	}

	@Bean
	Schedules schedules(Scheduler scheduler, AuditLog audit) {
		return new Schedules(scheduler, audit);
	}

	@Bean
	@ConditionalOnProperty(name = "spring.quartz.auto-startup", havingValue = "true", matchIfMissing = true)
	ApplicationRunner scheduleSync(Scheduler scheduler, ScheduleFiles files, JobRegistry jobs, Schedules schedules) {
		return (args) -> schedules.recordSync(sync(scheduler, files.load(), jobs));
	}

	static List<String> sync(Scheduler scheduler, List<ScheduleDefinition> definitions, JobRegistry jobs)
			throws SchedulerException {
		Set<String> known = Set.copyOf(jobs.getJobNames());
		for (ScheduleDefinition definition : definitions) {
			if (!known.contains(definition.job())) {
				throw new IllegalArgumentException(definition.source() + ": no job named " + definition.job()
						+ " (known: " + known.stream().sorted().toList() + ")");
			}
		}
		return new ScheduleSynchronizer(scheduler).sync(definitions);
	}

}
