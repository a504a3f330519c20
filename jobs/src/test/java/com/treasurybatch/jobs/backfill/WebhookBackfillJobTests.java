package com.treasurybatch.jobs.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webhook-backfill on a real PostgreSQL against the Stripe simulator over HTTP, pages of 3 events. The tests run in
 * the order written on one database and one cursor (a later test's events are newer). Pagination is what they
 * check, so only {@code checkout.session.completed} is listed (each checkout also emits
 * {@code payment_intent.succeeded} and {@code charge.succeeded}); the default types are the month test's
 * ({@code MonthEndToEndTests} in the launcher).
 */
@SpringBootTest(properties = { "treasury.backfill.page-size=3", "treasury.backfill.overlap-minutes=0",
		"treasury.backfill.types=checkout.session.completed" })
@PostgresTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class WebhookBackfillJobTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(WebhookBackfillJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Alerts alerts;

	@Autowired
	MutableClock clock;

	private long runs;

	@Test
	void a_crash_in_the_middle_of_pagination_resumes_from_the_last_committed_page_losing_and_repeating_nothing()
			throws Exception {
		this.clock.set(Instant.parse("2026-11-02T08:00:00Z"));
		for (int i = 0; i < 10; i++) {
			this.clock.advance(Duration.ofMinutes(1));
			this.stripe.completeCheckout(1_000 + i, "usd", 59, Map.of("tb_payee", "acct_Backfill"));
		}
		// each checkout also emits payment_intent.succeeded and charge.succeeded, which this test does not list
		List<String> ids = this.stripe.events()
			.stream()
			.filter((event) -> event.type().equals("checkout.session.completed"))
			.map(SimulatedEvent::id)
			.toList();
		assertThat(ids).hasSize(10);
		String seventh = ids.get(6);
		owner().execute("""
				CREATE FUNCTION test_inbox_crash() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.event_id = '%s' THEN
				        RAISE EXCEPTION 'connection lost (simulated)' USING ERRCODE = '08006';
				    END IF;
				    RETURN NEW;
				END $$""".formatted(seventh));
		owner().execute("CREATE TRIGGER test_inbox_crash BEFORE INSERT ON webhook_inbox "
				+ "FOR EACH ROW EXECUTE FUNCTION test_inbox_crash()");
		this.clock.advance(Duration.ofMinutes(30));
		JobExecution failed;
		try {
			failed = run();
		}
		finally {
			owner().execute("DROP TRIGGER test_inbox_crash ON webhook_inbox");
			owner().execute("DROP FUNCTION test_inbox_crash()");
		}

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(staged()).as("two pages of three committed before the crash").containsExactlyElementsOf(ids.subList(0, 6));
		assertThat(this.jdbc.queryForObject("SELECT last_event_id FROM backfill_cursors WHERE name = 'events:platform'",
				String.class)).isEqualTo(ids.get(5));

		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(staged()).as("every event once, none twice").containsExactlyElementsOf(ids);
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT event_id) = count(*) FROM webhook_inbox",
				Boolean.class)).isTrue();

		JobExecution again = run();
		assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(staged()).as("a later run stages nothing new").hasSize(ids.size());
	}

	@Test
	void b_a_cursor_older_than_stripe_keeps_events_raises_a_critical_alert_instead_of_pretending_to_be_complete()
			throws Exception {
		this.clock.set(Instant.parse("2026-12-20T08:00:00Z"));
		int before = staged().size();
		this.stripe.completeCheckout(2_500, "usd", 103, Map.of("tb_payee", "acct_Backfill"));

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.alerts.open(100)).filteredOn((alert) -> alert.kind().equals("backfill_window_exceeded"))
			.singleElement()
			.satisfies((alert) -> assertThat(alert.severity()).isEqualTo(Severity.CRITICAL));
		// the events of 30 days and more ago are gone at Stripe; the new checkout's listed event is staged
		assertThat(staged()).as("what Stripe still lists is staged").hasSize(before + 1);
	}

	private JobExecution run() throws Exception {
		return this.jobOperator.start(this.job,
				new JobParametersBuilder().addLong("run.id", ++this.runs + System.nanoTime()).toJobParameters());
	}

	private List<String> staged() {
		return this.jdbc.queryForList("SELECT event_id FROM webhook_inbox ORDER BY created, id", String.class);
	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
