package com.treasurybatch.jobs.disputes;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.disputes.DisputeDesk;

/**
 * The {@code dispute-deadlines} job (every five minutes, {@code schedules/dispute-deadlines.yaml}): one tasklet step
 * raising the evidence deadline alerts of disputes that still need a response, WARNING 72 hours and CRITICAL 24
 * hours before {@code evidence_details.due_by}, each once per dispute ({@link DisputeDesk#raiseDeadlineAlerts}).
 * No identifying parameter: every run is a new instance; a missed run is caught up by the next.
 */
@Configuration(proxyBeanMethods = false)
class DisputeDeadlinesJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "dispute-deadlines";

	static final String STEP_NAME = "disputeDeadlineAlertsStep";

	@Bean
	Step disputeDeadlineAlertsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DisputeDesk desk) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet((contribution, context) -> {
			int raised = desk.raiseDeadlineAlerts();
			contribution.getStepExecution().setExitStatus(
					contribution.getStepExecution().getExitStatus().addExitDescription("raised=" + raised));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean(JOB_NAME)
	Job disputeDeadlinesJob(JobRepository jobRepository, Step disputeDeadlineAlertsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(disputeDeadlineAlertsStep)
			.build();
	}

}
