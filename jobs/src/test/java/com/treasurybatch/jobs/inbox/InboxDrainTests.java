package com.treasurybatch.jobs.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A draining inbox-processing run (the wake-up on): it books what is staged while it runs, in the same execution,
 * and it ends at its bound. Chunks of 4 events, at most 12 events per execution, 2 s without a new event ends it.
 */
@SpringBootTest(properties = { "treasury.inbox.chunk-size=4", "treasury.inbox.wake-up.enabled=true",
		"treasury.inbox.drain.max-items=12", "treasury.inbox.drain.idle-wait=2s", "treasury.inbox.drain.max-duration=1m" })
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

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readCount(execution)).isEqualTo(6);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution WHERE job_execution_id > ?",
				Long.class, executionsBefore)).isEqualTo(1);
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
