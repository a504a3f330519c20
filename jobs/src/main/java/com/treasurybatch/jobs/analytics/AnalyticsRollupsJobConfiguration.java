package com.treasurybatch.jobs.analytics;

import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.analytics.ShowLedger;

/**
 * The {@code analytics-rollups} job (hourly schedule; no business key: an {@link IncrementalRunIncrementer} makes each
 * scheduled run a new incremental instance). Three steps, each a tasklet whose every call is one transaction:
 * <ol>
 * <li>{@code countEventsStep}: incremental ({@link IncrementalRollupTasklet}: events past the watermark into the
 * hourly and daily rollups) or, with {@code mode=rebuild from=DATE to=DATE}, {@link RebuildRollupTasklet} (the
 * days' rollups recomputed from raw events);</li>
 * <li>{@code recomputeLeaderboardsStep}: {@link LeaderboardsTasklet}, the boards of the days that changed;</li>
 * <li>{@code showFinancialsStep}: every show's gross, fees, refunds, disputes and net payable from the ledger,
 * replaced in one transaction ({@link ShowLedger}, the definition event reports use too).</li>
 * </ol>
 * A failed run restarts at its failed step; what committed stays counted once. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsRollupsJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "analytics-rollups";

	// countEventsStep

	@Bean
	@StepScope
	Tasklet countEventsTasklet(JdbcTemplate jdbcTemplate, AnalyticsEvents events,
			AnalyticsRollupsProperties properties, Clock clock, Alerts alerts,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters)
			throws InvalidJobParametersException {
		if (RollupParameters.REBUILD.equals(RollupParameters.mode(parameters))) {
			return new RebuildRollupTasklet(jdbcTemplate, RollupParameters.date(parameters, RollupParameters.FROM),
					RollupParameters.date(parameters, RollupParameters.TO));
		}
		return new IncrementalRollupTasklet(jdbcTemplate, events, properties.eventsPerChunk(), clock, alerts);
	}

	@Bean
	Step countEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet countEventsTasklet) {
		return new StepBuilder("countEventsStep", jobRepository).tasklet(countEventsTasklet, transactionManager)
			.build();
	}

	// recomputeLeaderboardsStep

	@Bean
	Step recomputeLeaderboardsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbcTemplate, AnalyticsRollupsProperties properties) {
		return new StepBuilder("recomputeLeaderboardsStep", jobRepository)
			.tasklet(new LeaderboardsTasklet(jdbcTemplate, properties.changedDaysPerChunk()), transactionManager)
			.build();
	}

	// showFinancialsStep

	@Bean
	Step showFinancialsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ShowLedger showLedger, Clock clock) {
		return new StepBuilder("showFinancialsStep", jobRepository).tasklet((contribution, chunkContext) -> {
			contribution.incrementWriteCount(showLedger.storeAll(clock.instant()));
			return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean(JOB_NAME)
	Job analyticsRollupsJob(JobRepository jobRepository, Step countEventsStep, Step recomputeLeaderboardsStep,
			Step showFinancialsStep, JdbcTemplate jdbcTemplate) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new IncrementalRunIncrementer(jdbcTemplate))
			.validator(new RollupParameters())
			.start(countEventsStep)
			.next(recomputeLeaderboardsStep)
			.next(showFinancialsStep)
			.build();
	}

}
