package com.treasurybatch.jobs.reconciliation;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.backfill.EventBackfill;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.stripe.BalanceTransactionQuery;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;
import com.treasurybatch.shared.stripe.StripeGateway;

/**
 * The {@code stripe-reconciliation} job, identifying parameter {@code date} (ISO date, the business date in
 * {@code treasury.zone}):
 * <ol>
 * <li>{@code startRunStep}: the {@code reconciliation_runs} row of the date, STARTED;</li>
 * <li>{@code fetchStripeRowsStep}: the platform's balance transactions created that day, listed through the gateway
 * ({@code expand[]=data.source}) in {@code fetch-threads} time ranges at once and inserted into
 * {@code reconciliation_stripe_rows} one statement per chunk (a row staged before is ignored, so a restart lists the
 * day again safely);</li>
 * <li>{@code settlementStep}: {@link SettlementBooking}, chunk by chunk ({@code chunk-size} staged rows, one
 * multi-row insert of journals and postings per chunk, the position kept in the step's execution context): Stripe's
 * fees, settlement conversions (and earlier days' conversions still waiting), the platform's payouts and the
 * movements no event books;</li>
 * <li>{@code matchStep}: {@link ReconciliationMatcher}, discrepancies and totals in SQL;</li>
 * <li>{@code ledgerIntegrityStep}: {@link LedgerIntegrity}, in a parallel flow beside the match (its cash check
 * needs the settled day);</li>
 * <li>{@code finishRunStep}: CLEAN or DISCREPANCIES, alerts, targeted backfill of objects missing in the ledger.</li>
 * </ol>
 * A COMPLETED date is refused; a FAILED one restarts at its failed step. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class StripeReconciliationJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "stripe-reconciliation";

	/** The identifying job parameter: the business date reconciled, ISO {@code yyyy-mm-dd}. */
	static final String DATE = "date";

	static final String INTEGRITY_FAILURES = "reconciliation.integrityFailures";

	static final String DISCREPANCIES = "reconciliation.discrepancies";

	@Bean
	ReconciliationRuns reconciliationRuns(JdbcTemplate jdbc, Clock clock) {
		return new ReconciliationRuns(jdbc, clock);
	}

	// startRunStep

	@Bean
	Step startRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReconciliationRuns runs, @Value("${treasury.zone:UTC}") ZoneId zone) {
		return new StepBuilder("startRunStep", jobRepository).tasklet((contribution, context) -> {
			LocalDate date = date(context.getStepContext().getJobParameters().get(DATE));
			runs.start(date, zone, contribution.getStepExecution().getJobExecutionId());
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	// fetchStripeRowsStep

	@Bean
	@StepScope
	StripeRowReader stripeRowReader(StripeGateway stripe, StripeReconciliationProperties properties,
			@Value("${treasury.zone:UTC}") ZoneId zone, @Value("#{jobParameters['date']}") LocalDate date) {
		BalanceTransactionQuery day = BalanceTransactionQuery
			.platform(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant())
			.withPageSize(properties.pageSize());
		return new StripeRowReader(stripe::balanceTransactions, day, properties.fetchThreads());
	}

	@Bean
	@StepScope
	StripeRowWriter stripeRowWriter(JdbcTemplate jdbc, @Value("#{jobParameters['date']}") LocalDate date) {
		return new StripeRowWriter(jdbc, date);
	}

	@Bean
	Step fetchStripeRowsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			StripeRowReader stripeRowReader, StripeRowWriter stripeRowWriter,
			StripeReconciliationProperties properties) {
		return new StepBuilder("fetchStripeRowsStep", jobRepository)
			.<StripeBalanceTransaction, StripeBalanceTransaction>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(stripeRowReader)
			.writer(stripeRowWriter)
			.build();
	}

	// settlementStep

	static final String SETTLED_AFTER = "settlement.after";

	@Bean
	SettlementBooking settlementBooking(JdbcTemplate jdbc, Ledger ledger) {
		return new SettlementBooking(jdbc, ledger);
	}

	@Bean
	Step settlementStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SettlementBooking booking, StripeReconciliationProperties properties) {
		return new StepBuilder("settlementStep", jobRepository).tasklet((contribution, context) -> {
			LocalDate date = date(context.getStepContext().getJobParameters().get(DATE));
			ExecutionContext state = contribution.getStepExecution().getExecutionContext();
			List<SettlementBooking.StagedRow> rows = booking.dayChunk(date, state.getString(SETTLED_AFTER, ""),
					properties.chunkSize());
			if (!rows.isEmpty()) {
				contribution.incrementWriteCount(booking.book(rows));
				state.putString(SETTLED_AFTER, rows.get(rows.size() - 1).txnId());
				return RepeatStatus.CONTINUABLE;
			}
			List<SettlementBooking.StagedRow> waiting = booking.conversionBacklog(date, properties.conversionBacklogMax());
						contribution.incrementWriteCount(booking.book(waiting));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	// matchStep

	@Bean
	Step matchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			@Value("${treasury.zone:UTC}") ZoneId zone) {
		ReconciliationMatcher matcher = new ReconciliationMatcher(jdbc);
		return new StepBuilder("matchStep", jobRepository).tasklet((contribution, context) -> {
			LocalDate date = date(context.getStepContext().getJobParameters().get(DATE));
			int discrepancies = matcher.match(date, zone);
			contribution.getStepExecution().getJobExecution().getExecutionContext().putInt(DISCREPANCIES, discrepancies);
			contribution.getStepExecution().setExitStatus(
					contribution.getStepExecution().getExitStatus().addExitDescription("discrepancies=" + discrepancies));
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	// ledgerIntegrityStep

	@Bean
	Step ledgerIntegrityStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, @Value("${treasury.zone:UTC}") ZoneId zone) {
		LedgerIntegrity integrity = new LedgerIntegrity(jdbc);
		return new StepBuilder("ledgerIntegrityStep", jobRepository).tasklet((contribution, context) -> {
			LocalDate date = date(context.getStepContext().getJobParameters().get(DATE));
			List<String> failures = integrity.failures(date, zone);
			contribution.getStepExecution().getJobExecution().getExecutionContext().putString(INTEGRITY_FAILURES,
					String.join("\n", failures));
			contribution.getStepExecution().setExitStatus(contribution.getStepExecution().getExitStatus()
				.addExitDescription(failures.isEmpty() ? "ledger sound" : String.join("; ", failures)));
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	// finishRunStep

	@Bean
	Step finishRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReconciliationRuns runs, JdbcTemplate jdbc, Alerts alerts, EventBackfill backfill,
			StripeReconciliationProperties properties) {
		ReconciliationOutcome outcome = new ReconciliationOutcome(jdbc, alerts, backfill);
		return new StepBuilder("finishRunStep", jobRepository).tasklet((contribution, context) -> {
			LocalDate date = date(context.getStepContext().getJobParameters().get(DATE));
			var jobContext = contribution.getStepExecution().getJobExecution().getExecutionContext();
			int discrepancies = jobContext.getInt(DISCREPANCIES, 0);
			String failuresText = jobContext.getString(INTEGRITY_FAILURES, "");
			List<String> failures = failuresText.isEmpty() ? List.of() : List.of(failuresText.split("\n"));
			runs.finish(date, discrepancies, failures);
			outcome.alert(date, discrepancies, failures);
			int staged = outcome.backfillMissing(date, properties.targetedBackfillsMax());
			contribution.getStepExecution().setExitStatus(contribution.getStepExecution().getExitStatus()
				.addExitDescription((discrepancies == 0 && failures.isEmpty()) ? "clean"
						: "discrepancies=" + discrepancies + " integrityFailures=" + failures.size()
								+ " eventsBackfilled=" + staged));
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	@Bean(JOB_NAME)
	Job stripeReconciliationJob(JobRepository jobRepository, Step startRunStep, Step fetchStripeRowsStep,
			Step settlementStep, Step matchStep, Step ledgerIntegrityStep, Step finishRunStep) {
		// the match and the ledger's own checks both read the settled day: they run side by side after it
		Flow stripeSide = new FlowBuilder<SimpleFlow>("stripeSideFlow").start(matchStep).build();
		Flow ledgerSide = new FlowBuilder<SimpleFlow>("ledgerSideFlow").start(ledgerIntegrityStep).build();
		Flow both = new FlowBuilder<SimpleFlow>("reconcileFlow").split(new SimpleAsyncTaskExecutor("reconciliation-"))
			.add(stripeSide, ledgerSide)
			.build();
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { DATE }, new String[0]))
			.flow(startRunStep)
			.next(fetchStripeRowsStep)
			.next(settlementStep)
			.next(both)
			.next(finishRunStep)
			.end()
			.build();
	}

	private static LocalDate date(Object parameter) {
		return (parameter instanceof LocalDate date) ? date : LocalDate.parse(String.valueOf(parameter));
	}

}
