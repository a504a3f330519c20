package com.treasurybatch.jobs.alerts;

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

import com.treasurybatch.shared.alerts.AlertRouter;

/**
 * The {@code alert-delivery} job (every minute, no identifying parameter): one tasklet step,
 * {@code deliverAlertsStep}, hands open alerts to {@link AlertRouter}, which sends each on the channels routing its
 * severity (email, Slack) and records every delivery in its own transaction, outside the transaction that raised
 * the alert. The step itself commits nothing (a resourceless transaction manager). See README.md.
 */
@Configuration(proxyBeanMethods = false)
class AlertDeliveryJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "alert-delivery";

	@Bean
	Step deliverAlertsStep(JobRepository jobRepository, AlertRouter alertRouter) {
		return new StepBuilder("deliverAlertsStep", jobRepository).tasklet((contribution, context) -> {
			AlertRouter.Report report = alertRouter.deliverPending();
			contribution.getStepExecution().setExitStatus(contribution.getStepExecution()
				.getExitStatus()
				.addExitDescription("sent=" + report.sent() + " failed=" + report.failed()));
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).build();
	}

	@Bean(JOB_NAME)
	Job alertDeliveryJob(JobRepository jobRepository, Step deliverAlertsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer()).start(deliverAlertsStep).build();
	}

}
