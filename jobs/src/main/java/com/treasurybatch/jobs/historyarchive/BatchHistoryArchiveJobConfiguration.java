package com.treasurybatch.jobs.historyarchive;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.privacy.RetentionProperties;
import com.treasurybatch.shared.storage.ContentStore;

/**
 * The {@code batch-history-archive} job, weekly, no business key (a {@link RunIdIncrementer}): one step,
 * {@code archiveHistoryStep}, moving executions older than the hot window to gzip JSON Lines files
 * ({@link BatchHistoryArchiver}) file by file, then deleting archives past the audit retention. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class BatchHistoryArchiveJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "batch-history-archive";

	@Bean
	BatchHistoryArchiver batchHistoryArchiver(JdbcTemplate jdbc, AuditLog audit, HistoryArchiveProperties properties,
			Environment environment, ContentStore contents) {
		Path directory = properties.directory().isBlank()
				? Path.of(environment.getProperty("treasury.home", "./var"), "archive", "batch-history")
				: Path.of(properties.directory());
		return new BatchHistoryArchiver(jdbc, audit, directory.toAbsolutePath().normalize(), properties,
				contents);
	}

	@Bean
	@StepScope
	HistoryArchiveTasklet historyArchiveTasklet(BatchHistoryArchiver batchHistoryArchiver,
			HistoryArchiveProperties properties, RetentionProperties retention, Clock clock) {
		return new HistoryArchiveTasklet(batchHistoryArchiver, properties, retention, clock);
	}

	@Bean
	Step archiveHistoryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			HistoryArchiveTasklet historyArchiveTasklet) {
		return new StepBuilder("archiveHistoryStep", jobRepository).tasklet(historyArchiveTasklet, transactionManager)
			.build();
	}

	@Bean(JOB_NAME)
	Job batchHistoryArchiveJob(JobRepository jobRepository, Step archiveHistoryStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(archiveHistoryStep)
			.build();
	}

}
