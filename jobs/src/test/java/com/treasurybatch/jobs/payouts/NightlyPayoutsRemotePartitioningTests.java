package com.treasurybatch.jobs.payouts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.PollableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.jobs.SimulatedStripeConfiguration;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.partitioning.PartitionHandlers;
import com.treasurybatch.shared.partitioning.PartitionRequests;
import com.treasurybatch.shared.partitioning.PartitionWorkerListener;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nightly-payouts with {@code treasury.partitioning.mode=remote} on one node: the partition requests go through the
 * PostgreSQL queue ({@code int_channel_message}) to this node's three workers, the step waits by reading the job
 * repository. (Several nodes and a worker killed mid-run: the launcher's {@code RemotePartitioningKillTests}.)
 */
@SpringBootTest(properties = { "treasury.partitioning.mode=remote", "treasury.partitioning.worker-threads=3",
		"treasury.partitioning.poll-interval=200ms", "treasury.payouts.partitions=6" })
@PostgresTest
class NightlyPayoutsRemotePartitioningTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnSimulatedStripe extends SimulatedStripeConfiguration {

	}

	static final int PAYEES = 240;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier(NightlyPayoutsJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Ledger ledger;

	@Autowired
	ConnectedAccounts accounts;

	@Autowired
	MutableClock clock;

	@Autowired
	PartitionRequests requests;

	@Autowired
	@Qualifier(PartitionHandlers.REQUEST_CHANNEL)
	PollableChannel requestChannel;

	@Test
	void every_payee_is_paid_once_through_the_database_queue_and_each_partition_names_its_worker() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-10");
		List<String> payees = seed("R", date, PAYEES);

		JobExecution execution = run(date);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (String payee : payees) {
			assertThat(this.stripe.transfersTo(payee)).as(payee).isOne();
		}
		long paid = payees.stream().mapToLong(NightlyPayoutsRemotePartitioningTests::cents).sum();
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(amount) FROM payouts WHERE business_date = ? AND status = 'TRANSFERRED'
				AND payee_account LIKE 'acct_R%'""", Long.class, date)).isEqualTo(paid);
		List<StepExecution> partitions = partitions(execution);
		assertThat(partitions).hasSize(6).allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getExecutionContext().getString(PartitionWorkerListener.WORKER))
				.endsWith(" pid " + ProcessHandle.current().pid());
		});
		assertThat(partitions.stream().mapToLong(StepExecution::getWriteCount).sum()).isEqualTo(PAYEES);
		assertThat(this.requests.waiting()).as("every request consumed").isZero();
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void a_request_delivered_again_for_a_partition_that_completed_is_consumed_and_pays_nothing() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-11");
		List<String> payees = seed("S", date, 30);
		JobExecution execution = run(date);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		int transfers = this.stripe.transferCount();
		StepExecution done = partitions(execution).get(0);

		this.requestChannel.send(MessageBuilder
			.withPayload(new StepExecutionRequest(NightlyPayoutsJobConfiguration.WORKER_STEP_NAME, done.getId()))
			.build());
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.requests.waiting() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		Thread.sleep(500); // a worker that took it would be running it now

		assertThat(this.requests.waiting()).isZero();
		assertThat(this.stripe.transferCount()).isEqualTo(transfers);
		StepExecution after = this.jobRepository.getStepExecution(done.getId());
		assertThat(after.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(after.getVersion()).as("not run again").isEqualTo(done.getVersion());
		assertThat(payees).allSatisfy((payee) -> assertThat(this.stripe.transfersTo(payee)).isOne());
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(NightlyPayoutsJobConfiguration.WORKER_STEP_NAME + ":"))
			.toList();
	}

	private JobExecution run(LocalDate date) throws Exception {
		JobOperatorTestUtils jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		jobs.setJob(this.job);
		this.clock.set(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(150)));
		return jobs.startJob(new JobParametersBuilder().addLocalDate(NightlyPayoutsJobConfiguration.DATE, date)
			.toJobParameters());
	}

	/** Payees with one sale 60 days before the date, of {@link #cents} each. */
	private List<String> seed(String prefix, LocalDate date, int count) {
		Instant accountEvent = date.minusDays(120).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant saleAt = date.minusDays(60).atStartOfDay().toInstant(ZoneOffset.UTC);
		List<String> payees = new ArrayList<>();
		this.transaction.executeWithoutResult((status) -> {
			for (int i = 0; i < count; i++) {
				String payee = "acct_" + prefix + String.format("%04d", i);
				payees.add(payee);
				this.stripe.seedAccount(SimulatedAccount.active(payee, accountEvent));
				this.accounts.saveIfNewer(new ConnectedAccount(payee, true, true, true, List.of(), null,
						"evt_" + payee, accountEvent, accountEvent));
				this.ledger.post(JournalEntry.of("sale", "cs_remote_" + payee, "sale", saleAt,
						List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents(payee), "usd"),
								JournalLine.credit(LedgerAccounts.payable(payee), cents(payee), "usd"))));
			}
		});
		return payees;
	}

	/** 10.00 to 14.09 dollars, by the payee's number. */
	static long cents(String payee) {
		return 1_000 + Integer.parseInt(payee.substring(payee.length() - 4)) % 410;
	}

}
