package com.treasurybatch.launcher.wakeup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wake-up on a real server: signed events posted over HTTP to the receiver are journaled by inbox-processing
 * started from the receiver's commit (NOTIFY webhook_inbox_staged), with the scheduler not even started, so no
 * cron fire can be what booked them. A run waits 300 ms for more events before it ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=inbox-wake-up-tests",
				"treasury.inbox.wake-up.enabled=true", "treasury.inbox.drain.idle-wait=300ms" })
@PostgresTest
class InboxWakeUpTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	JobRepository repository;

	@Autowired
	StagedNotificationListener listener;

	@Autowired
	JobWakeUp inboxWakeUp;

	@Autowired
	Ledger ledger;

	@BeforeEach
	void listeningAndIdle() {
		awaitTrue("the wake-up listens", Duration.ofSeconds(10), this.listener::listening);
		awaitIdle();
	}

	@Test
	void a_signed_event_posted_to_the_receiver_is_journaled_within_a_second() {
		SignedSales sales = new SignedSales(this.port, "One");
		// a first sale warms the JVM up (the first run loads the handlers); then the run ends, idle
		assertThat(sales.post(0)).isEqualTo(200);
		awaitTrue("the warm-up sale is journaled", Duration.ofSeconds(20), () -> journaled(sales.paymentIntent(0)));
		awaitIdle();
		long startsBefore = this.inboxWakeUp.starts();

		assertThat(sales.post(1)).isEqualTo(200);
		long answered = System.nanoTime();
		awaitTrue("journaled within a second of the receiver's 200", Duration.ofSeconds(1),
				() -> journaled(sales.paymentIntent(1)));
		System.out.printf("InboxWakeUpTests: journal visible %d ms after the receiver's 200%n",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered));
		assertThat(this.inboxWakeUp.starts()).as("started by the wake-up").isEqualTo(startsBefore + 1);
		// a 5.00 EUR tip, no tax, platform fee 10 %: Dr cash 500 = Cr fee revenue 50 + Cr the payee 450
		long journal = this.ledger.journalId(sales.paymentIntent(1), "sale").orElseThrow();
		assertThat(this.ledger.lines(journal)).contains(
				new JournalLine(LedgerAccounts.payable("acct_1TBCreatorMia004"), Side.CREDIT, 450, "eur"));
	}

	@Test
	void a_burst_of_events_is_journaled_by_few_executions() throws Exception {
		SignedSales sales = new SignedSales(this.port, "Burst");
		int events = 400;
		long lastExecution = lastExecutionId();
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> posted = new ArrayList<>();
			for (int n = 0; n < events; n++) {
				int sale = n;
				posted.add(senders.submit(() -> sales.post(sale)));
			}
			for (Future<Integer> status : posted) {
				assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			senders.shutdown();
		}
		awaitTrue("every sale of the burst is journaled", Duration.ofSeconds(60),
				() -> this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'sale' AND source_id LIKE ?",
						Long.class, "pi_3TBWakeBurst%") == events);
		awaitIdle();

		long executions = this.jdbc.queryForObject(
				"SELECT count(*) FROM batch_job_execution WHERE job_execution_id > ?", Long.class, lastExecution);
		System.out.printf("InboxWakeUpTests: %d events, %d executions%n", events, executions);
		// one execution drains the burst; a pause of more than 300 ms between deliveries on a busy machine may end
		// it and the next notification start another: a handful at most, never one per event
		assertThat(executions).isBetween(1L, 5L);
	}

	@Test
	void a_dropped_listener_connection_is_opened_again_and_wakes_processing_again() {
		SignedSales sales = new SignedSales(this.port, "Drop");
		JdbcTemplate owner = TestPostgres.ownerJdbc(this.dataSource);

		Integer terminated = owner.queryForObject("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) "
				+ "FROM pg_stat_activity WHERE application_name = ?) t", Integer.class,
				ListenerConnections.APPLICATION_NAME);
		assertThat(terminated).isEqualTo(1);
		awaitTrue("the listener notices", Duration.ofSeconds(30), () -> !this.listener.listening());
		// backoff: 0 to 1 s on the first failure
		awaitTrue("the listener listens again", Duration.ofSeconds(10), this.listener::listening);
		awaitIdle();

		assertThat(sales.post(0)).isEqualTo(200);
		awaitTrue("journaled after the reconnection", Duration.ofSeconds(20), () -> journaled(sales.paymentIntent(0)));
	}

	private boolean journaled(String paymentIntent) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ? AND kind = 'sale'",
				Long.class, paymentIntent) == 1;
	}

	private long lastExecutionId() {
		return this.jdbc.queryForObject("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution", Long.class);
	}

	private void awaitIdle() {
		awaitTrue("no inbox-processing execution running", Duration.ofSeconds(30),
				() -> this.repository.findRunningJobExecutions(WakeUpConfiguration.INBOX_JOB).isEmpty());
	}

	/** Polls every 5 ms until the condition holds, failing once the deadline has passed. */
	static void awaitTrue(String what, Duration limit, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what + " within " + limit.toMillis() + " ms").isLessThan(deadline);
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
