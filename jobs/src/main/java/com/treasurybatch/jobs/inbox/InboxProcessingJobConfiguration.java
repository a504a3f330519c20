package com.treasurybatch.jobs.inbox;

import java.time.Clock;

import tools.jackson.databind.ObjectMapper;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.jobs.inbox.handlers.EventHandlers;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InboxClaims;
import com.treasurybatch.shared.inbox.InboxStatusUpdates;

/**
 * The {@code inbox-processing} job: one chunk-oriented step that reads due inbox rows under lock, a page of up to
 * {@code chunk-size} rows per chunk ({@link InboxEventReader}, {@link InboxPage}), and applies them
 * ({@link InboxEventWriter}, through {@link InboxPageWriter}), each chunk in one transaction. No identifying parameter: every run is a new instance ({@link RunIdIncrementer}). See README.md.
 */
@Configuration(proxyBeanMethods = false)
class InboxProcessingJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "inbox-processing";

	static final String STEP_NAME = "processInboxStep";

	@Bean
	@StepScope
	InboxEventReader inboxEventReader(InboxClaims claims, Clock clock, InboxProcessingProperties properties) {
		return new InboxEventReader(claims, clock, properties.chunkSize(), properties);
	}

	@Bean
	@StepScope
	InboxEventWriter inboxEventWriter(EventHandlers handlers, EventEnvelopeParser envelopeParser, ObjectMapper mapper,
			InboxStatusUpdates statusUpdates, Alerts alerts, Clock clock, PlatformTransactionManager transactionManager,
			InboxProcessingProperties properties) {
		return new InboxEventWriter(handlers, envelopeParser, mapper, statusUpdates, alerts, clock, transactionManager,
				properties);
	}

	@Bean
	Step processInboxStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			InboxEventReader inboxEventReader, InboxEventWriter inboxEventWriter, InboxProcessingProperties properties) {
		// one page of up to chunk-size events per chunk: see InboxPage
		return new StepBuilder(STEP_NAME, jobRepository).<InboxPage, InboxPage>chunk(1)
			.transactionManager(transactionManager)
			.reader(inboxEventReader)
			.writer(new InboxPageWriter(inboxEventWriter))
			.build();
	}

	@Bean(JOB_NAME)
	Job inboxProcessingJob(JobRepository jobRepository, Step processInboxStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(processInboxStep)
			.build();
	}

}
