package com.treasurybatch.jobs.holds;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.batch.AsGivenJob;
import com.treasurybatch.shared.inventory.HoldConversion;
import com.treasurybatch.shared.inventory.TicketHolds;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold-release job on a real PostgreSQL, batches of 7 holds so that every run crosses batch boundaries. Tests
 * share one database: each uses its own ticket types, and releases everything expired before it ends.
 */
@SpringBootTest(properties = "treasury.holds.release-batch-size=7")
@PostgresTest
class HoldReleaseJobTests {

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(HoldReleaseJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	TicketHolds holds;

	@Autowired
	MutableClock clock;

	private String prefix;

	private int sequence;

	@BeforeEach
	void setUp(TestInfo test) {
		this.clock.set(Instant.parse("2026-12-01T10:00:00Z"));
		this.prefix = "H" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@Test
	void expired_holds_go_back_on_sale_and_live_ones_stay() throws Exception {
		String type = ticketType(100);
		List<Long> expired = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			expired.add(this.holds.hold(type, "ct_buyer" + i + "xx", 2).orElseThrow());
		}
		this.clock.advance(Duration.ofMinutes(5));
		long live = this.holds.hold(type, "ct_lateBuyer", 3).orElseThrow();
		assertThat(held(type)).isEqualTo(43);

		this.clock.advance(Duration.ofMinutes(6));
		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(writeCount(execution)).isEqualTo(20);
		assertThat(held(type)).as("only the live hold still counts").isEqualTo(3);
		assertThat(sold(type)).isZero();
		assertThat(expired).allMatch((id) -> "RELEASED".equals(status(id)));
		assertThat(status(live)).isEqualTo("HELD");
		assertThat(this.holds.hold(type, "ct_nextBuyer", 97).isPresent())
			.as("the 40 released tickets are on sale again").isTrue();
	}

	@Test
	void running_again_releases_nothing_twice() throws Exception {
		String type = ticketType(10);
		long hold = this.holds.hold(type, "ct_buyerOnce", 4).orElseThrow();
		this.clock.advance(Duration.ofMinutes(11));

		assertThat(writeCount(run())).isEqualTo(1);
		assertThat(writeCount(run())).isZero();

		assertThat(status(hold)).isEqualTo("RELEASED");
		assertThat(held(type)).isZero();
	}

	@Test
	void a_checkout_converting_at_the_same_moment_wins_over_the_release() throws Exception {
		String type = ticketType(10);
		long racing = this.holds.hold(type, "ct_racingBuyer", 2).orElseThrow();
		long other = this.holds.hold(type, "ct_otherBuyer", 1).orElseThrow();
		this.clock.advance(Duration.ofMinutes(11));
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch released = new CountDownLatch(1);
		CompletableFuture<HoldConversion> conversion = CompletableFuture.supplyAsync(() -> this.transaction.execute(
				(status) -> {
					HoldConversion converted = this.holds.convert(racing, "cs_test_race" + this.prefix);
					locked.countDown();
					await(released);
					return converted;
				}));
		assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

		// the release skips the locked hold, then waits for the ticket type's counters, which the checkout's
		// transaction holds too; the checkout commits as soon as the release is seen waiting on that row
		CompletableFuture<JobExecution> release = CompletableFuture.supplyAsync(() -> {
			try {
				return run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		awaitBlockedOnTicketTypes();
		released.countDown();
		JobExecution execution = release.get(30, TimeUnit.SECONDS);

		assertThat(conversion.get(10, TimeUnit.SECONDS)).isEqualTo(HoldConversion.CONVERTED);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(writeCount(execution)).as("the converting hold was skipped, not waited for").isEqualTo(1);
		assertThat(writeCount(run())).isZero();
		assertThat(status(racing)).isEqualTo("CONVERTED");
		assertThat(status(other)).isEqualTo("RELEASED");
		assertThat(held(type)).isZero();
		assertThat(sold(type)).isEqualTo(2);
	}

	@Test
	void two_concurrent_runs_release_each_hold_once() throws Exception {
		List<String> types = List.of(ticketType(1000), ticketType(1000), ticketType(1000));
		int count = 0;
		for (int i = 0; i < 600; i++) {
			this.holds.hold(types.get(i % 3), "ct_concurrent" + i, 1 + i % 3).orElseThrow();
			count++;
		}
		this.clock.advance(Duration.ofMinutes(11));

		CompletableFuture<JobExecution> first = CompletableFuture.supplyAsync(() -> runUnchecked("first"));
		CompletableFuture<JobExecution> second = CompletableFuture.supplyAsync(() -> runUnchecked("second"));
		JobExecution a = first.get(60, TimeUnit.SECONDS);
		JobExecution b = second.get(60, TimeUnit.SECONDS);

		assertThat(a.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(b.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(writeCount(a) + writeCount(b)).as("each hold released by exactly one run").isEqualTo(count);
		for (String type : types) {
			assertThat(held(type)).isZero();
			assertThat(this.jdbc.queryForObject(
					"SELECT count(*) FROM ticket_holds WHERE ticket_type_id = ? AND status = 'RELEASED'", Long.class,
					type))
				.isEqualTo(200);
		}
	}

	@Test
	void a_bad_row_fails_the_run_mid_way_and_a_restart_releases_the_rest_once() throws Exception {
		String good = ticketType(100);
		String broken = ticketType(100);
		for (int i = 0; i < 15; i++) {
			this.holds.hold(good, "ct_goodBuyer" + i, 1).orElseThrow();
		}
		this.clock.advance(Duration.ofMinutes(1));
		long bad = this.holds.hold(broken, "ct_badBuyer", 5).orElseThrow();
		for (int i = 0; i < 6; i++) {
			this.holds.hold(good, "ct_lateGoodBuyer" + i, 1).orElseThrow();
		}
		// someone edited the counter by hand: returning the hold's 5 would make it negative (the database refuses)
		this.jdbc.update("UPDATE ticket_types SET quantity_held = 2 WHERE id = ?", broken);
		this.clock.advance(Duration.ofMinutes(11));

		JobExecution failed = run();

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getAllFailureExceptions().toString()).contains("ticket_types_held_not_negative");
		assertThat(writeCount(failed)).as("the two batches before the bad one committed").isEqualTo(14);
		assertThat(held(good)).isEqualTo(7);
		assertThat(status(bad)).isEqualTo("HELD");

		this.jdbc.update("UPDATE ticket_types SET quantity_held = 5 WHERE id = ?", broken);
		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(writeCount(restarted)).isEqualTo(8);
		assertThat(held(good)).isZero();
		assertThat(held(broken)).isZero();
		assertThat(status(bad)).isEqualTo("RELEASED");
	}

	private String ticketType(int total) {
		String event = this.prefix + "-event";
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
				event, "Concert " + this.prefix, Timestamp.from(Instant.parse("2027-01-15T19:00:00Z")));
		String id = this.prefix + "-type" + (++this.sequence);
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
				VALUES (?, ?, 'General admission', 4500, 'eur', ?, ?, ?)
				""", id, event, total, Timestamp.from(Instant.parse("2026-11-01T00:00:00Z")),
				Timestamp.from(Instant.parse("2027-01-15T18:00:00Z")));
		return id;
	}

	private JobExecution run() throws Exception {
		return this.jobOperator.startNextInstance(this.job);
	}

	/**
	 * Starts an instance of its own, with exactly these parameters ({@link AsGivenJob}: Spring Batch 6 would
	 * otherwise ignore them and start the next run.id, so two runs at once would race for the same instance). The
	 * job repository creates instances in SERIALIZABLE transactions and may refuse one of two created at the same
	 * moment, so a refused start is retried.
	 */
	private JobExecution runUnchecked(String name) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.jobOperator.start(new AsGivenJob(this.job),
						new JobParametersBuilder().addString("concurrent", this.prefix + name).toJobParameters());
			}
			catch (CannotAcquireLockException ex) {
				if (attempt == 5) {
					throw ex;
				}
				sleepMillis(20L * attempt);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Waits (up to 10 s) until a session of this database waits for a row lock while locking ticket types. */
	private void awaitBlockedOnTicketTypes() throws InterruptedException {
		for (int i = 0; i < 500; i++) {
			Long waiting = this.jdbc.queryForObject("""
					SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ticket_types%'
					""", Long.class);
			if (waiting != null && waiting > 0) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the release never reached the ticket type the checkout holds");
	}

	private static long writeCount(JobExecution execution) {
		return execution.getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
	}

	private int held(String type) {
		return this.jdbc.queryForObject("SELECT quantity_held FROM ticket_types WHERE id = ?", Integer.class, type);
	}

	private int sold(String type) {
		return this.jdbc.queryForObject("SELECT quantity_sold FROM ticket_types WHERE id = ?", Integer.class, type);
	}

	private String status(long hold) {
		return this.jdbc.queryForObject("SELECT status FROM ticket_holds WHERE id = ?", String.class, hold);
	}

	private static void sleepMillis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
