package com.treasurybatch.jobs.analytics;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
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
import com.treasurybatch.shared.batch.FailedStepsExitDescription;
import com.treasurybatch.shared.partitioning.PartitionHandlers;
import com.treasurybatch.shared.partitioning.PartitionWorkerListener;

/**
 * The {@code analytics-rollups} job (hourly schedule; no business key: an {@link IncrementalRunIncrementer} makes each
 * scheduled run a new incremental instance). Three steps, each a tasklet whose every call is one transaction:
 * <ol>
 * <li>{@code countEventsStep}: incremental ({@link IncrementalRollupTasklet}: events past the watermark into the
 * hourly and daily rollups) or, with {@code mode=rebuild from=DATE to=DATE}, {@code rebuildRollupsStep}: the days
 * cut into {@code rebuild-partitions} runs ({@link RollupDayPartitioner}), each partition's days recomputed from raw
 * events by {@link RebuildRollupTasklet}, on this node's threads or every node's workers
 * ({@link PartitionHandlers});</li>
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

	/** The step each partition of a rebuild runs: one run of consecutive days. */
	static final String REBUILD_PARTITION_STEP_NAME = "rebuildRollupDaysStep";

	// countEventsStep

	@Bean
	@StepScope
	Tasklet countEventsTasklet(JdbcTemplate jdbcTemplate, AnalyticsEvents events,
			AnalyticsRollupsProperties properties, Clock clock, Alerts alerts) {
		return new IncrementalRollupTasklet(jdbcTemplate, events, properties.eventsPerChunk(), clock, alerts);
	}

	@Bean
	Step countEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet countEventsTasklet) {
		return new StepBuilder("countEventsStep", jobRepository).tasklet(countEventsTasklet, transactionManager)
			.build();
	}

	// rebuildRollupsStep (mode=rebuild): runs of days, each a partition

	@Bean
	@StepScope
	Tasklet rebuildRollupTasklet(JdbcTemplate jdbcTemplate,
			@Value("#{stepExecutionContext['" + RollupDayPartitioner.FROM_DAY + "']}") String from,
			@Value("#{stepExecutionContext['" + RollupDayPartitioner.TO_DAY + "']}") String to) {
		return new RebuildRollupTasklet(jdbcTemplate, LocalDate.parse(from), LocalDate.parse(to));
	}

	@Bean
	Step rebuildRollupDaysStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet rebuildRollupTasklet, PartitionWorkerListener partitionWorkerListener) {
		return new StepBuilder(REBUILD_PARTITION_STEP_NAME, jobRepository)
			.tasklet(rebuildRollupTasklet, transactionManager)
			.listener(partitionWorkerListener)
			.build();
	}

	@Bean
	@StepScope
	RollupDayPartitioner rollupDayPartitioner(
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters)
			throws InvalidJobParametersException {
		return new RollupDayPartitioner(RollupParameters.date(parameters, RollupParameters.FROM),
				RollupParameters.date(parameters, RollupParameters.TO));
	}

	@Bean
	Step rebuildRollupsStep(Step rebuildRollupDaysStep,
			RollupDayPartitioner rollupDayPartitioner, AnalyticsRollupsProperties properties,
			PartitionHandlers partitionHandlers) {
		return partitionHandlers.partitionedStep("rebuildRollupsStep", rebuildRollupDaysStep, rollupDayPartitioner,
				properties.rebuildPartitions(), properties.rebuildPartitions(), "rollup-rebuild-", false);
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
	Job analyticsRollupsJob(JobRepository jobRepository, Step countEventsStep, Step rebuildRollupsStep,
			Step recomputeLeaderboardsStep, Step showFinancialsStep, JdbcTemplate jdbcTemplate) {
		JobExecutionDecider mode = (jobExecution, stepExecution) -> new FlowExecutionStatus(
				RollupParameters.mode(jobExecution.getJobParameters()));
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new IncrementalRunIncrementer(jdbcTemplate))
			.validator(new RollupParameters())
			.listener(new FailedStepsExitDescription())
			.start(mode)
			.on(RollupParameters.REBUILD)
			.to(rebuildRollupsStep)
			.from(mode)
			.on("*")
			.to(countEventsStep)
			.from(rebuildRollupsStep)
			.next(recomputeLeaderboardsStep)
			.from(countEventsStep)
			.next(recomputeLeaderboardsStep)
			.from(recomputeLeaderboardsStep)
			.next(showFinancialsStep)
			.end()
			.build();
	}

}
