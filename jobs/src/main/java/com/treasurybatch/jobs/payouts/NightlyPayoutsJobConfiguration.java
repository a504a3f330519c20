package com.treasurybatch.jobs.payouts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.partitioning.PartitionHandlers;
import com.treasurybatch.shared.partitioning.PartitionWorkerListener;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayeeBalanceLock;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;
import com.treasurybatch.shared.payouts.PayoutTransfers;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.stripe.StripeGateway;

/**
 * The {@code nightly-payouts} job, identifying parameter {@code date} (ISO date, the business date in
 * {@code treasury.zone}): a partitioned step pays the payees ({@link PayeeRangePartitioner}: up to
 * {@code partitions} ranges, each reading its own payees, deciding ({@link PayoutDecider}) and transferring
 * ({@link PayoutTransferWriter}); on this node's threads, or, with {@code treasury.partitioning.mode=remote}, on
 * the workers of every node ({@link PartitionHandlers}); the Stripe throttle is the only brake), then a check fails the run while payouts
 * are left PENDING so that a restart retries them. Both steps run again on a restart (they are idempotent: what
 * was decided or paid is not a candidate any more). See README.md.
 *
 * <p>The worker step commits nothing itself (a resourceless transaction manager): each decision and each recorded
 * transfer commits in its own database transaction, the payout row strictly before its Stripe call.
 */
@Configuration(proxyBeanMethods = false)
class NightlyPayoutsJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "nightly-payouts";

	/** The identifying job parameter: the business date paid, ISO {@code yyyy-mm-dd}. */
	static final String DATE = "date";

	static final String STEP_NAME = "payPayoutsStep";

	static final String WORKER_STEP_NAME = "payPayeesStep";

	static final String SETTLED_STEP_NAME = "checkPayoutsSettledStep";

	@Bean
	@StepScope
	PayoutCandidateReader payoutCandidateReader(PayoutCandidates candidates, NightlyPayoutsProperties properties,
			@Value("${treasury.zone:UTC}") ZoneId zone, @Value("#{jobParameters['date']}") LocalDate date,
			@Value("#{stepExecutionContext['fromPayee']}") String fromPayee,
			@Value("#{stepExecutionContext['toPayee']}") String toPayee) {
		Instant coolOffStart = coolOffStart(date, properties, zone);
		return new PayoutCandidateReader(() -> candidates.find(date, coolOffStart, fromPayee, toPayee,
				properties.payeesPerPartitionMax()));
	}

	@Bean
	@StepScope
	PayoutDecider payoutDecider(NightlyPayoutsProperties properties, Payouts payouts, PayoutSkips skips, Alerts alerts,
			PlatformTransactionManager transactionManager, PayoutCandidates candidates, PayeeBalanceLock balanceLock,
			@Value("${treasury.zone:UTC}") ZoneId zone, @Value("#{jobParameters['date']}") LocalDate date) {
		Instant dateEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
		return new PayoutDecider(date, dateEnd, coolOffStart(date, properties, zone), properties, payouts, skips,
				alerts, ownTransaction(transactionManager), candidates, balanceLock);
	}

	/** Sale credits after this instant (UTC) are still cooling off on the business date {@code date}. */
	private static Instant coolOffStart(LocalDate date, NightlyPayoutsProperties properties, ZoneId zone) {
		return date.plusDays(1).minusDays(properties.coolOffDays()).atStartOfDay(zone).toInstant();
	}

	@Bean
	@StepScope
	PayoutTransferWriter payoutTransferWriter(StripeGateway stripe, Ledger ledger, Payouts payouts, Alerts alerts,
			PlatformTransactionManager transactionManager, Clock clock) {
		return new PayoutTransferWriter(
				new PayoutTransfers(stripe, ledger, payouts, alerts, ownTransaction(transactionManager), clock));
	}

	@Bean
	Step payPayeesStep(JobRepository jobRepository, PayoutCandidateReader payoutCandidateReader,
			PayoutDecider payoutDecider, PayoutTransferWriter payoutTransferWriter,
			NightlyPayoutsProperties properties, PartitionWorkerListener partitionWorkerListener) {
		return new StepBuilder(WORKER_STEP_NAME, jobRepository)
			.<PayoutCandidate, Payout>chunk(properties.chunkSize())
			.transactionManager(new ResourcelessTransactionManager())
			.reader(payoutCandidateReader)
			.processor(payoutDecider)
			.writer(payoutTransferWriter)
			.listener(partitionWorkerListener)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step payPayoutsStep(Step payPayeesStep, JdbcTemplate jdbc,
			NightlyPayoutsProperties properties, PartitionHandlers partitionHandlers) {
		return partitionHandlers.partitionedStep(STEP_NAME, payPayeesStep, new PayeeRangePartitioner(jdbc),
				properties.partitions(), properties.partitions(), "payouts-", true);
	}

	@Bean
	@StepScope
	PayoutsSettledTasklet payoutsSettledTasklet(JdbcTemplate jdbc, @Value("#{jobParameters['date']}") LocalDate date) {
		return new PayoutsSettledTasklet(jdbc, date);
	}

	@Bean
	Step checkPayoutsSettledStep(JobRepository jobRepository, PayoutsSettledTasklet payoutsSettledTasklet,
			PlatformTransactionManager transactionManager) {
		return new StepBuilder(SETTLED_STEP_NAME, jobRepository).tasklet(payoutsSettledTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean(JOB_NAME)
	Job nightlyPayoutsJob(JobRepository jobRepository, Step payPayoutsStep, Step checkPayoutsSettledStep) {
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { DATE }, new String[0]))
			.start(payPayoutsStep)
			.next(checkPayoutsSettledStep)
			.build();
	}

	private static TransactionTemplate ownTransaction(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return template;
	}

}
