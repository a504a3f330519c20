package com.treasurybatch.jobs.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk of the default size holding several invalid events: each fails alone, every other event of the chunk is
 * booked once, in order, to the cent. The events are shaped like {@code checkout.session.completed} of the pinned
 * API version (see {@link CheckoutSessionEvent}); the invalid ones carry an inline split whose shares do not sum to
 * 10,000 basis points, which the sale booking refuses.
 */
@SpringBootTest
@PostgresTest
@SpringBatchTest
class InboxChunkIsolationTests {

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	MutableClock clock;

	@Autowired
	InboxProcessingProperties properties;

	StripeIds ids;

	InboxStaging inbox;

	@BeforeEach
	void setUp() {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.ids = new StripeIds(20261207L);
		this.inbox = new InboxStaging(this.jdbc);
		this.jobs.setJob(this.job);
	}

	@Test
	void invalid_events_in_one_chunk_fail_alone_and_every_other_event_is_booked_once() throws Exception {
		String payee = this.ids.account();
		Instant created = Instant.parse("2026-11-21T09:00:00Z");
		// 41 events in Stripe's created order: invalid at 0, 20, 21 (adjacent) and 40 (last), a payout.paid of a
		// connected account unknown here at 10 (IGNORED), the sale at 5 delivered again at 30
		Set<Integer> invalid = Set.of(0, 20, 21, 40);
		List<CheckoutSessionEvent> good = new ArrayList<>();
		List<CheckoutSessionEvent> bad = new ArrayList<>();
		CheckoutSessionEvent repeated = null;
		String payoutPaid = this.ids.event();
		String otherAccount = this.ids.account();
		for (int position = 0; position < 41; position++) {
			Instant at = created.plusSeconds(position);
			if (position == 10) {
				this.inbox.stage(payoutPaid, "payout.paid", otherAccount, at, """
						{"id": "%s", "object": "event", "account": "%s", "api_version": "2026-04-22.dahlia",
						 "created": %d, "type": "payout.paid", "livemode": false, "pending_webhooks": 1,
						 "data": {"object": {"id": "po_1QIsolation000000000001", "object": "payout", "amount": 900,
						   "arrival_date": %d, "currency": "usd", "method": "standard", "status": "paid",
						   "type": "bank_account"}}}
						""".formatted(payoutPaid, otherAccount, at.getEpochSecond(), at.getEpochSecond()));
				continue;
			}
			if (position == 30) {
				this.inbox.stage(repeated.asyncPaymentSucceeded().at(at));
				continue;
			}
			CheckoutSessionEvent sale;
			if (invalid.contains(position)) {
				sale = CheckoutSessionEvent.paid(this.ids, 2000, "usd")
					.meta("tb_split", payee + ":5000," + this.ids.account() + ":4000");
				bad.add(sale);
			}
			else {
				sale = CheckoutSessionEvent.paid(this.ids, 2000, "usd").meta("tb_payee", payee);
				good.add(sale);
			}
			this.inbox.stage(sale.at(at));
			if (position == 5) {
				repeated = sale;
			}
		}
		assertThat(good).hasSize(35);
		assertThat(this.properties.chunkSize()).as("all 41 events in one chunk").isGreaterThan(41);
		Instant start = this.clock.instant();

		JobExecution execution = this.jobs.getJobOperator().startNextInstance(this.job);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		String exit = execution.getStepExecutions().iterator().next().getExitStatus().getExitDescription();
		// 35 sales and the repeated delivery PROCESSED, the payout IGNORED, 4 FAILED
		assertThat(exit).contains("processed=36", "ignored=1", "failed=4");
		assertThat(good).allSatisfy((sale) -> {
			assertThat(journalCount(sale.paymentIntentId)).isEqualTo(1);
			assertThat(this.inbox.status(sale.eventId)).isEqualTo("PROCESSED");
		});
		assertThat(bad).allSatisfy((sale) -> {
			assertThat(journalCount(sale.paymentIntentId)).isZero();
			assertThat(this.inbox.status(sale.eventId)).isEqualTo("FAILED");
			assertThat(this.jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE event_id = ?",
					String.class, sale.eventId))
				.contains(sale.paymentIntentId, "sum to 9000");
			assertThat(this.jdbc.queryForObject("SELECT next_attempt_at FROM webhook_inbox WHERE event_id = ?",
					Timestamp.class, sale.eventId).toInstant())
				.isEqualTo(start.plus(Duration.ofMinutes(1)));
		});
		assertThat(this.inbox.status(payoutPaid)).isEqualTo("IGNORED");
		// 35 sales of 20.00 USD, each less the default 10% platform fee: 35 x 1800 = 63,000 cents
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents()).isEqualTo(63_000);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE checkout_session_id = ANY (?)",
				Long.class, (Object) good.stream().map((sale) -> sale.sessionId).toArray(String[]::new)))
			.isEqualTo(35);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	private long journalCount(String saleKey) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ? AND kind = 'sale'",
				Long.class, saleKey);
	}

}
