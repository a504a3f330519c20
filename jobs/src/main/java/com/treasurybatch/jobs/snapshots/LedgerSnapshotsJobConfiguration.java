package com.treasurybatch.jobs.snapshots;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.ledger.LedgerSnapshots;

/**
 * The {@code ledger-snapshots} job (nightly, {@code schedules/ledger-snapshots.yaml}): one tasklet step making the
 * balance snapshot of every UTC day up to the identifying parameter {@code date} that has none yet
 * ({@link LedgerSnapshots#makeThrough}), verified against a direct sum of the postings. A mismatch fails the step
 * with both figures and writes nothing; a FAILED date restarts; a COMPLETED date is not made twice. The day's count
 * of days made is the step's write count.
 */
@Configuration(proxyBeanMethods = false)
class LedgerSnapshotsJobConfiguration {

	/** The Spring Batch job name. */
	static final String JOB_NAME = "ledger-snapshots";

	static final String STEP_NAME = "makeLedgerSnapshotsStep";

	@Bean
	@StepScope
	Tasklet ledgerSnapshotsTasklet(LedgerSnapshots snapshots, Clock clock,
			@Value("#{jobParameters['date']}") LocalDate date) {
		return (contribution, chunkContext) -> {
			contribution.incrementWriteCount(snapshots.makeThrough(date, clock.instant()));
			return RepeatStatus.FINISHED;
		};
	}

	@Bean
	Step makeLedgerSnapshotsStep(JobRepository jobRepository, Tasklet ledgerSnapshotsTasklet,
			PlatformTransactionManager transactionManager) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet(ledgerSnapshotsTasklet, transactionManager).build();
	}

	@Bean(JOB_NAME)
	Job ledgerSnapshotsJob(JobRepository jobRepository, Step makeLedgerSnapshotsStep) {
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { "date" }, new String[0]))
			.start(makeLedgerSnapshotsStep)
			.build();
	}

}
