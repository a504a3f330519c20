package com.treasurybatch.jobs.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A draining inbox-processing run (the wake-up on): it books what is staged while it runs, in the same execution,
 * and it ends at its bound; a row its passes went past (committed late, or held by another transaction) is booked
 * by the same execution too. Chunks of 4 events, at most 12 events per execution, 2 s without a row to hand out
 * ends it, a sweep over every id every 4 s (so that only the late-commit grace can book a row within 2 s of idling).
 */
@SpringBootTest(properties = { "treasury.inbox.chunk-size=4", "treasury.inbox.wake-up.enabled=true",
		"treasury.inbox.drain.max-items=12", "treasury.inbox.drain.idle-wait=2s", "treasury.inbox.drain.max-duration=1m",
		"treasury.inbox.drain.sweep-interval=4s" })
@PostgresTest
@SpringBatchTest
class InboxDrainTests {

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	MutableClock clock;

	@Autowired
	Ledger ledger;

	StripeIds ids;

	InboxStaging inbox;

	@BeforeEach
	void setUp(TestInfo test) {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.ids = new StripeIds(test.getTestMethod().orElseThrow().getName().hashCode());
		this.inbox = new InboxStaging(this.jdbc);
		this.jobs.setJob(this.job);
	}

	@Test
	void events_staged_while_a_run_drains_are_booked_by_that_same_run() throws Exception {
		String payee = this.ids.account();
		List<CheckoutSessionEvent> first = sales(payee, 3, Instant.parse("2026-11-20T06:00:00Z"));
		first.forEach(this.inbox::stage);

		long executionsBefore = lastExecutionId();
		CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(this::run);
		awaitProcessed(first);
		// the run has caught up and waits for more: these come 3 at a time, with an older Stripe created time
		List<CheckoutSessionEvent> later = sales(payee, 3, Instant.parse("2026-11-20T05:00:00Z"));
		later.forEach(this.inbox::stage);
		awaitProcessed(later);
		JobExecution execution = run.get();

		assertOnlyExecutionSince(executionsBefore, execution, 6);
		// six sales of 10.00, the payee's 90 %: 6 x 900 = 5400 cents
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents()).isEqualTo(5400);
	}

	@Test
	void a_run_ends_at_its_item_bound_and_the_next_run_takes_the_rest() throws Exception {
		String payee = this.ids.account();
		List<CheckoutSessionEvent> sales = sales(payee, 20, Instant.parse("2026-11-20T07:00:00Z"));
		sales.forEach(this.inbox::stage);

		JobExecution bounded = run();
		assertThat(bounded.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// 12 = 3 pages of 4, then max-items; 8 wait
		assertThat(readCount(bounded)).isEqualTo(12);
		assertThat(sales).filteredOn((sale) -> "RECEIVED".equals(this.inbox.status(sale.eventId))).hasSize(8);

		JobExecution next = run();
		assertThat(readCount(next)).isEqualTo(8);
		assertThat(sales).allSatisfy((sale) -> assertThat(this.inbox.status(sale.eventId)).isEqualTo("PROCESSED"));
	}

	@Test
	void a_row_committed_after_a_higher_id_is_booked_by_the_same_run() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent late = sales(payee, 1, Instant.parse("2026-11-20T08:00:00Z")).get(0);
		CheckoutSessionEvent early = sales(payee, 1, Instant.parse("2026-11-20T08:00:01Z")).get(0);
		long executionsBefore = lastExecutionId();
		CompletableFuture<JobExecution> run;
		try (Connection receiver = this.dataSource.getConnection()) {
			// a receiver's transaction takes the lower id and commits after another one has committed a higher id
			receiver.setAutoCommit(false);
			new InboxStaging(new JdbcTemplate(new SingleConnectionDataSource(receiver, true))).stage(late);
			this.inbox.stage(early);
			run = CompletableFuture.supplyAsync(this::run);
			awaitProcessed(List.of(early));
			receiver.commit();
		}
		// the run's pass has gone past the lower id; it idles for 2 s after its last row, the sweep is 4 s away
		awaitProcessed(List.of(late));
		JobExecution execution = run.get();

		assertThat(id(late)).isLessThan(id(early));
		assertOnlyExecutionSince(executionsBefore, execution, 2);
		// two sales of 10.00, the payee's 90 %: 2 x 900 = 1800 cents
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents()).isEqualTo(1800);
	}

	@Test
	void a_row_another_transaction_held_is_booked_by_the_sweep_of_the_same_run() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent held = sales(payee, 1, Instant.parse("2026-11-20T09:00:00Z")).get(0);
		this.inbox.stage(held);
		long executionsBefore = lastExecutionId();
		List<CheckoutSessionEvent> fed = new ArrayList<>();
		CompletableFuture<JobExecution> run;
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement lock = other.prepareStatement(
					"SELECT id FROM webhook_inbox WHERE event_id = ? FOR UPDATE")) {
				lock.setString(1, held.eventId);
				lock.executeQuery().close();
			}
			long started = System.nanoTime();
			run = CompletableFuture.supplyAsync(this::run);
			boolean released = false;
			// a sale every 600 ms keeps the run draining; the held row is released once the grace (2 s) is over
			while (!"PROCESSED".equals(this.inbox.status(held.eventId))) {
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("held row booked within 20 s")
					.isLessThan(Duration.ofSeconds(20));
				if (!released && System.nanoTime() - started > Duration.ofMillis(2500).toNanos()) {
					other.rollback();
					released = true;
				}
				CheckoutSessionEvent sale = sales(payee, 1, Instant.parse("2026-11-20T09:30:00Z")).get(0);
				this.inbox.stage(sale);
				fed.add(sale);
				Thread.sleep(600);
			}
		}
		JobExecution execution = run.get();

		assertOnlyExecutionSince(executionsBefore, execution, fed.size() + 1);
		assertThat(fed).allSatisfy((sale) -> assertThat(this.inbox.status(sale.eventId)).isEqualTo("PROCESSED"));
		// each sale of 10.00 gives the payee 900 cents
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents())
			.isEqualTo(900L * (fed.size() + 1));
	}

	private long id(CheckoutSessionEvent event) {
		return this.jdbc.queryForObject("SELECT id FROM webhook_inbox WHERE event_id = ?", Long.class, event.eventId);
	}

	/** {@code execution} completed, read {@code reads} events, and is the only execution after the given id. */
	private void assertOnlyExecutionSince(long executionId, JobExecution execution, long reads) {
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readCount(execution)).isEqualTo(reads);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution WHERE job_execution_id > ?",
				Long.class, executionId)).isEqualTo(1);
	}

	private long lastExecutionId() {
		return this.jdbc.queryForObject("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution", Long.class);
	}

	private List<CheckoutSessionEvent> sales(String payee, int count, Instant from) {
		List<CheckoutSessionEvent> sales = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sales.add(CheckoutSessionEvent.paid(this.ids, 1000, "usd").meta("tb_payee", payee).at(from.plusSeconds(i)));
		}
		return sales;
	}

	private void awaitProcessed(List<CheckoutSessionEvent> sales) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!sales.stream().allMatch((sale) -> "PROCESSED".equals(this.inbox.status(sale.eventId)))) {
			assertThat(System.nanoTime()).as("events processed within 20 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private JobExecution run() {
		try {
			return this.jobs.getJobOperator().startNextInstance(this.job);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long readCount(JobExecution execution) {
		assertThat(execution.getStepExecutions()).hasSize(1);
		return execution.getStepExecutions().iterator().next().getReadCount();
	}

}
