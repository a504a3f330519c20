package com.treasurybatch.jobs.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.disputes.DisputeDesk;
import com.treasurybatch.shared.disputes.DisputeView;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.SimulatedOrder;
import com.treasurybatch.simulator.SimulatedSale;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dispute made at the simulator over HTTP is kept in {@code disputes} by the dispute handlers with Stripe's
 * {@code evidence_details.due_by}, and {@code dispute-deadlines}, run as the clock moves, raises the WARNING 72
 * hours and the CRITICAL 24 hours before the deadline, each once however often it runs.
 */
@SpringBootTest
@PostgresTest
@SpringBatchTest
class DisputeDeadlinesTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	private static final String HOST = "acct_1DisputeDeadlineHost";

	@Autowired
	StripeSimulator stripe;

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job inbox;

	@Autowired
	@Qualifier("dispute-deadlines")
	Job deadlines;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	DisputeDesk desk;

	@Autowired
	Alerts alerts;

	@Test
	void warning_at_72_hours_and_critical_at_24_hours_before_due_by_each_once() throws Exception {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		DeskStripeFlow flow = new DeskStripeFlow(this.stripe, this.jdbc);
		this.stripe.updateAccount(SimulatedAccount.active(HOST, this.clock.instant().minus(Duration.ofDays(90))));
		SimulatedSale sale = this.stripe.completeCheckout(SimulatedOrder.of(10_000, "usd", 320, Map.of("tb_payee", HOST)));
		this.clock.advance(Duration.ofDays(3));
		Instant opened = this.clock.instant();
		String dispute = this.stripe.disputeCharge(sale.chargeId(), 10_000, 1_500);
		flow.stageNewEvents();
		run(this.inbox);

		// the simulator, as Stripe, gives 7 days for evidence; the payee's 90.00 (100.00 less the 10 % fee) is held
		DisputeView view = this.desk.show(dispute);
		assertThat(view.dispute().status()).isEqualTo("needs_response");
		assertThat(view.dispute().reason()).isEqualTo("product_not_received");
		assertThat(view.dispute().saleKey()).isEqualTo(sale.paymentIntentId());
		Instant due = view.dispute().evidenceDueBy();
		assertThat(due).isEqualTo(Instant.ofEpochSecond(opened.getEpochSecond()).plus(Duration.ofDays(7)));
		assertThat(view.payees()).containsExactly(new DisputeView.Payee(LedgerAccounts.payable(HOST), 9_000));
		assertThat(view.reserveHeldCents()).isEqualTo(9_000);

		this.clock.set(due.minus(Duration.ofHours(72)).minusSeconds(1));
		run(this.deadlines);
		assertThat(alertsOf(dispute)).isZero();

		this.clock.set(due.minus(Duration.ofHours(72)));
		run(this.deadlines);
		run(this.deadlines);
		assertThat(this.alerts.find("dispute_evidence_due:72h:" + dispute).severity()).isEqualTo(Severity.WARNING);
		assertThat(alertsOf(dispute)).isEqualTo(1);

		this.clock.set(due.minus(Duration.ofHours(24)).minusSeconds(1));
		run(this.deadlines);
		assertThat(alertsOf(dispute)).isEqualTo(1);

		this.clock.set(due.minus(Duration.ofHours(24)));
		run(this.deadlines);
		this.clock.advance(Duration.ofHours(1));
		run(this.deadlines);
		assertThat(this.alerts.find("dispute_evidence_due:24h:" + dispute).severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alertsOf(dispute)).isEqualTo(2);

		// answered and won: no longer needing a response, the reserve goes back to the payee
		this.stripe.closeDispute(dispute, true, false);
		flow.stageNewEvents();
		run(this.inbox);
		DisputeView won = this.desk.show(dispute);
		assertThat(won.dispute().status()).isEqualTo("won");
		assertThat(won.reserveHeldCents()).isZero();
	}

	private void run(Job job) throws Exception {
		this.jobs.setJob(job);
		assertThat(this.jobs.getJobOperator().startNextInstance(job).getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	private long alertsOf(String dispute) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM alerts WHERE subject = ? AND kind LIKE 'dispute_evidence_due%'", Long.class,
				dispute);
	}

}
