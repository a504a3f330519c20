package com.treasurybatch.jobs.gdpr;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.analytics.AnalyticsEventsArchive;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.inbox.WebhookInboxPayloads;
import com.treasurybatch.shared.privacy.ErasureLog;
import com.treasurybatch.shared.privacy.ErasureRequest;
import com.treasurybatch.shared.privacy.ErasureRequests;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.privacy.PrivacyProperties;
import com.treasurybatch.shared.privacy.Restrictions;
import com.treasurybatch.shared.privacy.RetentionProperties;
import com.treasurybatch.shared.retention.SentEmailsRetention;

/**
 * The {@code gdpr-purge} job, nightly, no business key (a {@link RunIdIncrementer}: each run is a new instance; a
 * FAILED one is restarted from its last committed chunk): step {@code eraseSubjectsStep} reads every PENDING erasure
 * request, oldest first, and erases it through every {@link PersonalDataHolder} bean ({@link ErasureWriter}); step
 * {@code applyRetentionStep} applies the retention policies ({@link RetentionSweepTasklet}). Job parameter
 * {@code dry-run=true} counts what would happen and changes nothing. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class GdprPurgeJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "gdpr-purge";

	/** Job parameter: {@code true} counts only. */
	static final String DRY_RUN = "dry-run";

	// eraseSubjectsStep

	@Bean
	@StepScope
	JdbcPagingItemReader<ErasureRequest> erasureRequestReader(DataSource dataSource, PrivacyProperties properties)
			throws Exception {
		return new JdbcPagingItemReaderBuilder<ErasureRequest>().name("erasureRequestReader")
			.dataSource(dataSource)
			.selectClause("SELECT " + ErasureRequests.COLUMNS)
			.fromClause("FROM erasure_requests")
			.whereClause("WHERE status = 'PENDING'")
			.sortKeys(Map.of("id", Order.ASCENDING))
			.rowMapper(ErasureRequests.ROW_MAPPER)
			.pageSize(properties.chunkSize())
			.saveState(false) // PENDING is the state: a restart reads what is still to do
			.build();
	}

	@Bean
	@StepScope
	ErasureWriter erasureWriter(List<PersonalDataHolder> holders, ErasureRequests requests, ErasureLog erasureLog,
			Restrictions restrictions, AuditLog audit, Clock clock,
			@Value("#{jobParameters['" + DRY_RUN + "']}") String dryRun) {
		return new ErasureWriter(holders, requests, erasureLog, restrictions, audit, clock,
				Boolean.parseBoolean(dryRun));
	}

	@Bean
	Step eraseSubjectsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<ErasureRequest> erasureRequestReader, ErasureWriter erasureWriter,
			PrivacyProperties properties) {
		return new StepBuilder("eraseSubjectsStep", jobRepository)
			.<ErasureRequest, ErasureRequest>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(erasureRequestReader)
			.writer(erasureWriter)
			.listener(erasureWriter)
			.build();
	}

	// applyRetentionStep

	@Bean
	@StepScope
	RetentionSweepTasklet retentionSweepTasklet(WebhookInboxPayloads inbox, SentEmailsRetention emails,
			AnalyticsEventsArchive analytics, Restrictions restrictions, RetentionProperties policies, Clock clock,
			@Value("#{jobParameters['" + DRY_RUN + "']}") String dryRun) {
		return new RetentionSweepTasklet(inbox, emails, analytics, restrictions, policies, clock,
				Boolean.parseBoolean(dryRun));
	}

	@Bean
	Step applyRetentionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RetentionSweepTasklet retentionSweepTasklet) {
		return new StepBuilder("applyRetentionStep", jobRepository).tasklet(retentionSweepTasklet, transactionManager)
			.listener(retentionSweepTasklet)
			.build();
	}

	@Bean(JOB_NAME)
	Job gdprPurgeJob(JobRepository jobRepository, Step eraseSubjectsStep, Step applyRetentionStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(eraseSubjectsStep)
			.next(applyRetentionStep)
			.build();
	}

}
