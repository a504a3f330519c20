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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.AuditLog;

/**
 * Wires schedules: the files' location ({@code treasury.schedules.location}, default the packaged
 * {@code schedules/*.yaml}), the sync at start-up of a node that fires schedules (not the CLI, which runs with
 * {@code spring.quartz.auto-startup=false}), and the operator service.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

	/** The advisory lock key held while a node syncs its schedules ("schedule" as 8 ASCII bytes). */
	static final long SYNC_LOCK = 0x7363686564756c65L;

	/** Carries a SchedulerException out of the transaction callback, rolling it back. */
	private static final class SyncFailed extends RuntimeException {

		SyncFailed(SchedulerException cause) {
			super(cause);
		}

	}

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
	ApplicationRunner scheduleSync(Scheduler scheduler, ScheduleFiles files, JobRegistry jobs, Schedules schedules,
			PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		return (args) -> schedules.recordSync(syncAlone(transaction, jdbc, scheduler, files.load(), jobs));
	}

	/**
	 * {@link #sync} with no other node syncing at the same time: in one transaction that first takes the
	 * transaction-level advisory lock {@value #SYNC_LOCK} (pg_advisory_xact_lock, released by the commit), so nodes
	 * starting at the same instant sync one after the other and each sees what the previous one stored, instead of
	 * all reading "no trigger" and then adding the same one (ObjectAlreadyExistsException). Quartz's job store takes
	 * part in the transaction (Spring's LocalDataSourceJobStore on the same data source).
	 * @throws SchedulerException if the job store cannot be read or written
	 */
	static List<String> syncAlone(TransactionTemplate transaction, JdbcTemplate jdbc, Scheduler scheduler,
			List<ScheduleDefinition> definitions, JobRegistry jobs) throws SchedulerException {
		try {
			return transaction.execute((status) -> {
				jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", SYNC_LOCK);
				try {
					return sync(scheduler, definitions, jobs);
				}
				catch (SchedulerException ex) {
					throw new SyncFailed(ex);
				}
			});
		}
		catch (SyncFailed ex) {
			throw (SchedulerException) ex.getCause();
		}
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
