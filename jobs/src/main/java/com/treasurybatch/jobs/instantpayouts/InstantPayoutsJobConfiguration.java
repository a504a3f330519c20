package com.treasurybatch.jobs.instantpayouts;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.payouts.FailedPayoutReversals;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;
import com.treasurybatch.shared.payouts.InstantPayoutRequests;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayeeBalanceLock;
import com.treasurybatch.shared.payouts.PayoutCandidates;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutTransfers;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.stripe.StripeGateway;

/**
 * The {@code instant-payouts} job, every minute, no business key (a {@link RunIdIncrementer}: each run is a new
 * instance): reads the open instant payout requests (oldest first, at most {@code requestsPerRunMax}) and pays each
 * ({@link InstantPayoutProcessor}) on this job's own threads ({@code instant-payouts-*}, at most {@code threads}),
 * never on the nightly job's partition threads; the writer only logs the outcomes. Each request commits on its own,
 * its payout row strictly before its Stripe calls; a failed run is not restarted: the next run reads the same open
 * requests and resumes them. Then {@code reverseFailedPayoutsStep} reverses the transfers of payouts whose bank payout
 * failed. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class InstantPayoutsJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "instant-payouts";

	static final String STEP_NAME = "payInstantPayoutsStep";

	static final String REVERSAL_STEP_NAME = "reverseFailedPayoutsStep";

	private static final Logger log = LoggerFactory.getLogger(InstantPayoutsJobConfiguration.class);

	@Bean
	@StepScope
	ListItemReader<InstantPayoutRequest> instantPayoutRequestReader(InstantPayoutRequests requests,
			InstantPayoutsProperties properties) {
		return new ListItemReader<>(requests.open(properties.requestsPerRunMax()));
	}

	@Bean
	@StepScope
	InstantPayoutProcessor instantPayoutProcessor(PayoutCandidates candidates, InstantPayoutRequests requests,
			Payouts payouts, NightlyPayoutsProperties nightly, InstantPayoutsProperties properties,
			StripeGateway stripe, Ledger ledger, Alerts alerts, PlatformTransactionManager transactionManager,
			Clock clock, PayeeBalanceLock balanceLock) {
		TransactionTemplate ownTransaction = ownTransaction(transactionManager);
		return new InstantPayoutProcessor(
				new InstantPayoutDecider(candidates, requests, nightly, properties, clock, balanceLock),
				requests, payouts,
				new PayoutTransfers(stripe, ledger, payouts, alerts, ownTransaction, clock), stripe,
				ownTransaction);
	}

	@Bean
	ItemWriter<InstantPayoutOutcome> instantPayoutOutcomeWriter() {
		return (chunk) -> chunk.forEach((outcome) -> log.info("Instant payout request {}: {} {}",
				outcome.requestId(), outcome.result(), outcome.detail()));
	}

	@Bean
	Step payInstantPayoutsStep(JobRepository jobRepository, ListItemReader<InstantPayoutRequest> instantPayoutRequestReader,
			InstantPayoutProcessor instantPayoutProcessor, ItemWriter<InstantPayoutOutcome> instantPayoutOutcomeWriter,
			InstantPayoutsProperties properties) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("instant-payouts-");
		executor.setConcurrencyLimit(properties.threads());
		return new StepBuilder(STEP_NAME, jobRepository)
			.<InstantPayoutRequest, InstantPayoutOutcome>chunk(properties.chunkSize())
			.transactionManager(new ResourcelessTransactionManager())
			.reader(instantPayoutRequestReader)
			.processor(instantPayoutProcessor)
			.writer(instantPayoutOutcomeWriter)
			.taskExecutor(executor)
			.build();
	}

	/**
	 * Reverses the transfers of our payouts whose bank payout failed ({@link FailedPayoutReversals}): at most
	 * {@code requestsPerRunMax} per run, each recorded on its own; a transient Stripe failure leaves the failure
	 * OPEN for the next run.
	 */
	@Bean
	@StepScope
	FailedPayoutReversals failedPayoutReversals(StripeGateway stripe, Payouts payouts, PayoutFailures failures,
			Alerts alerts, PlatformTransactionManager transactionManager) {
		return new FailedPayoutReversals(stripe, payouts, failures, alerts, ownTransaction(transactionManager));
	}

	@Bean
	Step reverseFailedPayoutsStep(JobRepository jobRepository, FailedPayoutReversals reversals,
			InstantPayoutsProperties properties) {
		int limit = Math.min(properties.requestsPerRunMax(), PayoutFailures.LIST_LIMIT_MAX);
		return new StepBuilder(REVERSAL_STEP_NAME, jobRepository).tasklet((contribution, context) -> {
			int made = reversals.reverseOpen(limit);
			if (made > 0) {
				log.info("Reversed the transfers of {} failed bank payouts", made);
			}
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).build();
	}

	@Bean(JOB_NAME)
	Job instantPayoutsJob(JobRepository jobRepository, Step payInstantPayoutsStep, Step reverseFailedPayoutsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(payInstantPayoutsStep)
			.next(reverseFailedPayoutsStep)
			.build();
	}

	private static TransactionTemplate ownTransaction(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return template;
	}

}
