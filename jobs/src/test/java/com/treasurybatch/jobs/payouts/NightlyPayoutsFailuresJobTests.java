package com.treasurybatch.jobs.payouts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.SimulatedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How nightly-payouts fails one payee without blocking the others: a refusal from Stripe, Stripe unavailable
 * through every retry, and retrying a refused payout. Same setting as {@link NightlyPayoutsJobTests} (real
 * PostgreSQL, the Stripe simulator over HTTP), with its own context so that the order of the transfers is known:
 * one partition (payees paid in id order) and a retry budget of {@value #ATTEMPTS_MAX} attempts per call, so an
 * injected fault hits the payee the test names. Each test ends with the trial balance balanced and no payout
 * PENDING.
 */
@SpringBootTest(properties = { "treasury.payouts.partitions=1",
		"test.stripe.retry-attempts-max=" + NightlyPayoutsFailuresJobTests.ATTEMPTS_MAX })
@PostgresTest
class NightlyPayoutsFailuresJobTests {

	/** Requests per Stripe call, the first included. */
	static final int ATTEMPTS_MAX = 3;

	/** The simulated platform balance, restored after each test. */
	static final long PLATFORM_BALANCE_CENTS = SimulatedStripeConfiguration.PLATFORM_BALANCE_CENTS;

	/** A context, database and simulator of its own (see the class comment). */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnSimulatedStripe extends SimulatedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	JobOperatorTestUtils jobs;

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
	Payouts payouts;

	@Autowired
	ConnectedAccounts accounts;

	@Autowired
	Alerts alerts;

	@Autowired
	MutableClock clock;

	private String prefix;

	private int sequence;

	@BeforeEach
	void setUp(TestInfo test) {
		this.jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		this.jobs.setJob(this.job);
		this.stripe.faults().reset();
		this.prefix = "F" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@AfterEach
	void trialBalanceBalancesAndNothingIsLeftPending() {
		this.stripe.faults().reset();
		this.stripe.seedBalance("usd", PLATFORM_BALANCE_CENTS, 0);
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payouts WHERE status = 'PENDING'", Long.class))
			.isZero();
	}

	@Test
	void a_transfer_stripe_refuses_fails_with_stripes_code_and_an_alert_and_the_others_are_paid() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-01");
		String refused = payee(date);
		String first = payee(date);
		String second = payee(date);
		sale(refused, 50_000, daysBefore(date, 40));
		sale(first, 1_000, daysBefore(date, 40));
		sale(second, 1_500, daysBefore(date, 40));
		this.stripe.seedBalance("usd", 10_000, 0);

		JobExecution execution = run(date);

		assertThat(execution.getStatus()).as("a refusal is final: nothing is left to restart")
			.isEqualTo(BatchStatus.COMPLETED);
		Payout failed = nightly(refused, date);
		assertThat(failed.status()).isEqualTo(PayoutStatus.FAILED);
		assertThat(failed.failureCode()).isEqualTo("balance_insufficient");
		assertThat(failed.stripeTransferId()).isNull();
		Alert alert = this.alerts.find("payout_transfer_failed:" + failed.idempotencyKey());
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.subject()).isEqualTo(refused);
		assertThat(alert.message()).contains("balance_insufficient");
		assertThat(this.stripe.transfersTo(refused)).isZero();
		assertThat(journals(refused, date)).isZero();
		assertThat(payable(refused)).as("nothing moved").isEqualTo(50_000);
		for (String payee : List.of(first, second)) {
			assertThat(nightly(payee, date).status()).as("payout of %s", payee).isEqualTo(PayoutStatus.TRANSFERRED);
			assertThat(this.stripe.transfersTo(payee)).as("transfers to %s", payee).isEqualTo(1);
			assertThat(journals(payee, date)).as("journals of %s", payee).isEqualTo(1);
			assertThat(payable(payee)).isZero();
		}
		assertThat(this.stripe.platformAvailable("usd")).isEqualTo(10_000 - 1_000 - 1_500);
	}

	@Test
	void a_payee_stripe_keeps_failing_for_stays_pending_fails_the_run_by_name_and_is_paid_once_by_the_restart()
			throws Exception {
		LocalDate date = LocalDate.parse("2026-09-02");
		String unlucky = payee(date);
		String first = payee(date);
		String second = payee(date);
		sale(unlucky, 4_000, daysBefore(date, 40));
		sale(first, 2_000, daysBefore(date, 40));
		sale(second, 3_000, daysBefore(date, 40));
		this.stripe.faults().onlyFor("/v1/transfers").serverErrorsNext(ATTEMPTS_MAX, 503);

		JobExecution failed = run(date);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).contains(unlucky)
			.contains("still PENDING after transient Stripe failures")
			.doesNotContain(first)
			.doesNotContain(second)
			.doesNotContain("\tat ");
		Payout pending = nightly(unlucky, date);
		assertThat(pending.status()).isEqualTo(PayoutStatus.PENDING);
		Alert alert = this.alerts.find("payout_transfer_deferred:" + pending.idempotencyKey());
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.subject()).isEqualTo(unlucky);
		assertThat(this.stripe.transfersTo(unlucky)).isZero();
		assertThat(journals(unlucky, date)).isZero();
		for (String payee : List.of(first, second)) {
			assertThat(nightly(payee, date).status()).as("payout of %s", payee).isEqualTo(PayoutStatus.TRANSFERRED);
			assertThat(this.stripe.transfersTo(payee)).as("transfers to %s", payee).isEqualTo(1);
		}

		this.stripe.faults().reset();
		JobExecution restarted = this.jobs.getJobOperator().restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(unlucky, date).status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(nightly(unlucky, date).id()).isEqualTo(pending.id());
		for (String payee : List.of(unlucky, first, second)) {
			assertThat(this.stripe.transfersTo(payee)).as("transfers to %s", payee).isEqualTo(1);
			assertThat(journals(payee, date)).as("journals of %s", payee).isEqualTo(1);
			assertThat(payable(payee)).isZero();
		}
	}

	@Test
	void a_refused_payout_retried_while_stripe_keeps_its_key_is_refused_again_and_a_later_night_pays_it_once()
			throws Exception {
		LocalDate date = LocalDate.parse("2026-09-03");
		String payee = payee(date);
		sale(payee, 20_000, daysBefore(date, 40));
		this.stripe.seedBalance("usd", 5_000, 0);
		assertThat(run(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout failed = nightly(payee, date);
		assertThat(failed.status()).isEqualTo(PayoutStatus.FAILED);
		this.stripe.seedBalance("usd", PLATFORM_BALANCE_CENTS, 0);

		assertThat(this.payouts.laterPayout(failed.id())).isEmpty();
		assertThat(this.payouts.retry(failed.id())).isTrue();
		assertThat(run(date.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		Payout replayed = this.payouts.find(failed.id()).orElseThrow();
		assertThat(replayed.status()).as("Stripe replays the refusal saved under the same key")
			.isEqualTo(PayoutStatus.FAILED);
		assertThat(replayed.failureCode()).isEqualTo("balance_insufficient");
		assertThat(this.stripe.transfersTo(payee)).isZero();
		assertThat(this.payouts.find(payee, date.plusDays(1), PayoutKind.NIGHTLY, "usd"))
			.as("the retried row claimed its amount that night").isEmpty();

		LocalDate later = date.plusDays(2);
		assertThat(run(later).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(payee, later).status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(nightly(payee, later).amountCents()).isEqualTo(20_000);
		assertThat(this.payouts.retry(failed.id())).isFalse();
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
		assertThat(journals(payee, date)).isZero();
		assertThat(journals(payee, later)).isEqualTo(1);
		assertThat(payable(payee)).isZero();
	}

	@Test
	void a_refused_payout_cannot_be_retried_once_a_later_night_paid_its_amount() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-10");
		String payee = payee(date);
		sale(payee, 20_000, daysBefore(date, 40));
		this.stripe.seedBalance("usd", 5_000, 0);
		assertThat(run(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout failed = nightly(payee, date);
		assertThat(failed.status()).isEqualTo(PayoutStatus.FAILED);
		this.stripe.seedBalance("usd", PLATFORM_BALANCE_CENTS, 0);
		LocalDate next = date.plusDays(1);
		assertThat(run(next).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout later = nightly(payee, next);
		assertThat(later.status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(later.amountCents()).as("the refused amount, claimed by nobody, paid by the next night")
			.isEqualTo(20_000);

		assertThat(this.payouts.retry(failed.id())).isFalse();

		assertThat(this.payouts.laterPayout(failed.id())).map(Payout::id).contains(later.id());
		assertThat(this.payouts.find(failed.id()).orElseThrow().status()).isEqualTo(PayoutStatus.FAILED);
		assertThat(run(next.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.stripe.transfersTo(payee)).as("paid once").isEqualTo(1);
		assertThat(payable(payee)).isZero();
	}

	@Test
	void a_refused_payout_is_retryable_again_once_the_later_payout_is_canceled() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-20");
		String payee = payee(date);
		sale(payee, 20_000, daysBefore(date, 40));
		this.stripe.seedBalance("usd", 5_000, 0);
		assertThat(run(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run(date.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout failed = nightly(payee, date);
		Payout laterFailed = nightly(payee, date.plusDays(1));
		assertThat(laterFailed.status()).isEqualTo(PayoutStatus.FAILED);
		assertThat(laterFailed.amountCents()).as("the refused amount again").isEqualTo(20_000);

		assertThat(this.payouts.retry(failed.id())).as("the later row claims the same amount").isFalse();
		assertThat(this.payouts.laterPayout(failed.id())).map(Payout::id).contains(laterFailed.id());
		assertThat(this.payouts.cancel(laterFailed.id())).isTrue();
		assertThat(this.payouts.laterPayout(failed.id())).as("a canceled row pays nothing").isEmpty();
		assertThat(this.payouts.retry(failed.id())).isTrue();
		assertThat(this.payouts.find(failed.id()).orElseThrow().status()).isEqualTo(PayoutStatus.PENDING);

		this.stripe.seedBalance("usd", PLATFORM_BALANCE_CENTS, 0);
		assertThat(run(date.plusDays(2)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.payouts.find(failed.id()).orElseThrow().status())
			.as("Stripe replays the refusal saved under the same key")
			.isEqualTo(PayoutStatus.FAILED);
		assertThat(this.payouts.find(payee, date.plusDays(2), PayoutKind.NIGHTLY, "usd")).isEmpty();
		assertThat(this.stripe.transfersTo(payee)).isZero();
		assertThat(payable(payee)).as("nothing moved").isEqualTo(20_000);
	}

	private JobExecution run(LocalDate date) throws Exception {
		this.clock.set(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(150)));
		return this.jobs.startJob(new JobParametersBuilder().addLocalDate(NightlyPayoutsJobConfiguration.DATE, date)
			.toJobParameters());
	}

	/** A payee with payouts enabled and an old account, named in creation order (the order they are paid in). */
	private String payee(LocalDate date) {
		Instant accountEvent = daysBefore(date, 90);
		String id = "acct_" + this.prefix + "P" + (++this.sequence);
		this.stripe.seedAccount(SimulatedAccount.active(id, accountEvent));
		this.accounts.saveIfNewer(
				new ConnectedAccount(id, true, true, true, List.of(), null, "evt_" + id, accountEvent, accountEvent));
		return id;
	}

	private void sale(String payee, long cents, Instant at) {
		String source = "cs_test_" + payee + "_" + (++this.sequence);
		this.transaction.executeWithoutResult((status) -> this.ledger
			.post(JournalEntry.of("sale", source, "sale " + source, at,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
							JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"))))
			.orElseThrow());
	}

	private static Instant daysBefore(LocalDate date, int days) {
		return date.minusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC);
	}

	private Payout nightly(String payee, LocalDate date) {
		return this.payouts.find(payee, date, PayoutKind.NIGHTLY, "usd").orElseThrow();
	}

	private long payable(String payee) {
		var balance = this.ledger.balance(LedgerAccounts.payable(payee), "usd");
		return balance.creditsCents() - balance.debitsCents();
	}

	private long journals(String payee, LocalDate date) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'payout' AND source_id = ?",
				Long.class, PayoutConventions.idempotencyKey(payee, date, PayoutKind.NIGHTLY, "usd"));
	}

}
