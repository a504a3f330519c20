package com.treasurybatch.jobs.retention;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.mail.MailProperties;
import com.treasurybatch.shared.mail.UnsubscribeTokens;
import com.treasurybatch.shared.retention.RetentionEmailProperties;

/**
 * The {@code retention-emails} job (every 15 minutes): {@code markUnknownSendsStep} (sends a stopped run left
 * behind become UNKNOWN), then {@code sendRetentionEmailsStep} (due tasks claimed, sent and recorded chunk by
 * chunk, see {@link SendRetentionEmailsTasklet}). No identifying parameter: every run is a new instance; a FAILED
 * run restarts both steps and sends only what is still SCHEDULED. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class RetentionEmailsJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "retention-emails";

	@Bean
	RetentionOutbox retentionOutbox(JdbcTemplate jdbc) {
		return new RetentionOutbox(jdbc);
	}

	@Bean
	RetentionMetrics retentionMetrics(ObjectProvider<MeterRegistry> registry) {
		return new RetentionMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
	}

	// markUnknownSendsStep

	@Bean
	@StepScope
	MarkUnknownSendsTasklet markUnknownSendsTasklet(RetentionOutbox retentionOutbox, Alerts alerts, Clock clock,
			RetentionEmailProperties properties) {
		return new MarkUnknownSendsTasklet(retentionOutbox, alerts, clock, properties.sendingLease());
	}

	@Bean
	Step markUnknownSendsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			MarkUnknownSendsTasklet markUnknownSendsTasklet) {
		return new StepBuilder("markUnknownSendsStep", jobRepository)
			.tasklet(markUnknownSendsTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	// sendRetentionEmailsStep

	@Bean
	@StepScope
	SendRetentionEmailsTasklet sendRetentionEmailsTasklet(RetentionOutbox retentionOutbox, JavaMailSender mailSender,
			MailProperties mailProperties, UnsubscribeTokens unsubscribeTokens,
			PlatformTransactionManager transactionManager, Clock clock, RetentionEmailProperties properties,
			RetentionMetrics retentionMetrics) {
		TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new SendRetentionEmailsTasklet(retentionOutbox,
				new RetentionEmailContent(mailProperties, unsubscribeTokens), mailSender, ownTransaction, clock,
				properties, retentionMetrics);
	}

	@Bean
	Step sendRetentionEmailsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SendRetentionEmailsTasklet sendRetentionEmailsTasklet) {
		return new StepBuilder("sendRetentionEmailsStep", jobRepository)
			.tasklet(sendRetentionEmailsTasklet, transactionManager)
			.build();
	}

	@Bean(JOB_NAME)
	Job retentionEmailsJob(JobRepository jobRepository, Step markUnknownSendsStep, Step sendRetentionEmailsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(markUnknownSendsStep)
			.next(sendRetentionEmailsStep)
			.build();
	}

}
