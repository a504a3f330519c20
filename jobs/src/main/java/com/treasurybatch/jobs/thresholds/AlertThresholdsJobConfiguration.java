package com.treasurybatch.jobs.thresholds;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code alert-thresholds} job (every minute, no identifying parameter): one tasklet step,
 * {@code evaluateThresholdsStep}, runs {@link AlertThresholds#evaluate()} in its own transaction. Alerts it raises
 * are delivered by {@code alert-delivery}. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class AlertThresholdsJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "alert-thresholds";

	@Bean
	Step evaluateThresholdsStep(JobRepository jobRepository, AlertThresholds thresholds) {
		return new StepBuilder("evaluateThresholdsStep", jobRepository).tasklet((contribution, context) -> {
			AlertThresholds.Outcome outcome = thresholds.evaluate();
			contribution.getStepExecution().setExitStatus(contribution.getStepExecution()
				.getExitStatus()
				.addExitDescription("raised=" + outcome.raised() + " cleared=" + outcome.cleared()));
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).build();
	}

	@Bean(JOB_NAME)
	Job alertThresholdsJob(JobRepository jobRepository, Step evaluateThresholdsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(evaluateThresholdsStep)
			.build();
	}

}
