package com.treasurybatch.jobs.anomalies;

import java.time.LocalDate;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code ledger-anomalies} job, nightly, identifying parameter {@code date} (the UTC day examined, ISO
 * {@code yyyy-mm-dd}): one tasklet step, {@code flagAnomaliesStep}, runs {@link LedgerAnomalyRules} in one
 * transaction. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class LedgerAnomaliesJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "ledger-anomalies";

	@Bean
	Step flagAnomaliesStep(JobRepository jobRepository, LedgerAnomalyRules rules,
			PlatformTransactionManager transactionManager) {
		return new StepBuilder("flagAnomaliesStep", jobRepository).tasklet((contribution, context) -> {
			Object date = context.getStepContext().getJobParameters().get("date");
			if (date == null) {
				throw new IllegalArgumentException("ledger-anomalies needs the identifying parameter date=yyyy-mm-dd");
			}
			int flagged = rules.flag((date instanceof LocalDate day) ? day : LocalDate.parse(String.valueOf(date)));
			contribution.getStepExecution().setExitStatus(
					contribution.getStepExecution().getExitStatus().addExitDescription("flagged=" + flagged));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean(JOB_NAME)
	Job ledgerAnomaliesJob(JobRepository jobRepository, Step flagAnomaliesStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(flagAnomaliesStep).build();
	}

}
