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
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
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
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutReviewRefusedException;
import com.treasurybatch.shared.payouts.PayoutReviews;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The nightly-payouts job on a real PostgreSQL against the Stripe simulator over HTTP (stripe-java's real client,
 * fast retries). Tests share one database: each uses its own payees and business dates, and leaves no payout
 * PENDING. Every test ends with the trial balance balanced. (Not a {@code @SpringBatchTest}: its listener would take
 * the {@code run(date)} helper for a job execution factory.)
 */
@SpringBootTest
@PostgresTest
class NightlyPayoutsJobTests {

	/** A context, database and simulator of its own: other job tests' payees must not be paid by these runs. */
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
	PayoutSkips skips;

	@Autowired
	PayoutReviews reviews;

	@Autowired
	AuditLog audit;

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
		this.prefix = "T" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@AfterEach
	void trialBalanceBalancesAndNothingIsLeftPending() {
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payouts WHERE status = 'PENDING'", Long.class))
			.isZero();
	}

	@Test
	void of_three_payees_the_fine_one_is_paid_the_risky_one_held_with_reasons_and_the_disabled_one_skipped()
			throws Exception {
		LocalDate date = LocalDate.parse("2026-10-01");
		String fine = payee(true, daysBefore(date, 90));
		String risky = payee(true, daysBefore(date, 90));
		String disabled = payee(false, daysBefore(date, 90));
		sale(fine, 12_000, daysBefore(date, 40));
		sale(risky, 10_000, daysBefore(date, 10));
		refund(risky, 3_000, daysBefore(date, 9));
		sale(disabled, 8_000, daysBefore(date, 40));
		sale(fine, 2_000, daysBefore(date, 3));

		JobExecution execution = run(date);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.stripe.transfersTo(fine)).isEqualTo(1);
		assertThat(this.stripe.transfersTo(risky)).isZero();
		assertThat(this.stripe.transfersTo(disabled)).isZero();
		Payout paid = nightly(fine, date);
		assertThat(paid.status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(paid.amountCents()).as("the sale 3 days old is still cooling off").isEqualTo(12_000);
		assertThat(this.ledger.lines(paid.transferJournalId())).containsExactly(
				JournalLine.debit(LedgerAccounts.payable(fine), 12_000, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 12_000, "usd"));
		assertThat(payable(fine)).isEqualTo(2_000);
		Payout held = nightly(risky, date);
		assertThat(held.status()).isEqualTo(PayoutStatus.HELD);
		assertThat(held.amountCents()).isEqualTo(7_000);
		assertThat(held.holdReasons()).anyMatch((r) -> r.startsWith("new_account"))
			.anyMatch((r) -> r.startsWith("refund_ratio"));
		assertThat(this.alerts.find("payout_held:" + held.idempotencyKey())).isNotNull();
		assertThat(this.payouts.find(disabled, date, PayoutKind.NIGHTLY, "usd")).isEmpty();
		assertThat(this.skips.of(date, 1000)).filteredOn((s) -> s.payeeAccount().equals(disabled))
			.extracting(PayoutSkips.Skip::reason)
			.containsExactly("payouts_disabled");
	}

	@Test
	void a_crash_after_stripe_answered_and_before_the_commit_is_restarted_without_paying_twice() throws Exception {
		LocalDate date = LocalDate.parse("2026-10-02");
		String crashing = payee(true, daysBefore(date, 90));
		String other = payee(true, daysBefore(date, 90));
		sale(crashing, 5_000, daysBefore(date, 40));
		sale(other, 6_000, daysBefore(date, 40));
		owner().execute("""
				CREATE FUNCTION test_payout_crash() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.payee_account = '%s' AND NEW.status = 'TRANSFERRED' THEN
				        RAISE EXCEPTION 'connection lost (simulated)' USING ERRCODE = '08006';
				    END IF;
				    RETURN NEW;
				END $$""".formatted(crashing));
		owner().execute("CREATE TRIGGER test_payout_crash BEFORE UPDATE ON payouts "
				+ "FOR EACH ROW EXECUTE FUNCTION test_payout_crash()");
		JobExecution failed;
		try {
			failed = run(date);
		}
		finally {
			owner().execute("DROP TRIGGER test_payout_crash ON payouts");
			owner().execute("DROP FUNCTION test_payout_crash()");
		}

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.stripe.transfersTo(crashing)).isEqualTo(1);
		assertThat(nightly(crashing, date).status()).isEqualTo(PayoutStatus.PENDING);
		assertThat(journals(crashing, date)).isZero();

		JobExecution restarted = this.jobs.getJobOperator().restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (String payee : List.of(crashing, other)) {
			assertThat(this.stripe.transfersTo(payee)).as("transfers to %s", payee).isEqualTo(1);
			assertThat(journals(payee, date)).as("journals of %s", payee).isEqualTo(1);
			assertThat(nightly(payee, date).status()).isEqualTo(PayoutStatus.TRANSFERRED);
			assertThat(payable(payee)).isZero();
		}
		assertThat(this.stripe.requestsWithIdempotencyKey(nightly(crashing, date).idempotencyKey() + ":transfer"))
			.as("the restart replayed the same key").isEqualTo(2);
	}

	@Test
	void a_429_storm_and_5xx_bursts_slow_the_run_down_and_pay_nobody_twice() throws Exception {
		LocalDate date = LocalDate.parse("2026-10-03");
		List<String> payees = List.of(payee(true, daysBefore(date, 90)), payee(true, daysBefore(date, 90)),
				payee(true, daysBefore(date, 90)), payee(true, daysBefore(date, 90)), payee(true, daysBefore(date, 90)));
		for (String payee : payees) {
			sale(payee, 1_000, daysBefore(date, 40));
		}
		int transfersBefore = this.stripe.transferCount();
		this.stripe.faults().rateLimitNext(6).retryAfterSeconds(0).serverErrorsNext(4, 503);

		JobExecution execution = run(date);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.stripe.transferCount() - transfersBefore).isEqualTo(payees.size());
		for (String payee : payees) {
			assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
			assertThat(journals(payee, date)).isEqualTo(1);
			assertThat(payable(payee)).isZero();
		}
	}

	@Test
	void a_refund_after_the_payout_is_netted_against_the_next_nights() throws Exception {
		LocalDate first = LocalDate.parse("2026-10-10");
		String payee = payee(true, daysBefore(first, 90));
		sale(payee, 10_000, daysBefore(first, 40));
		assertThat(run(first).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(payee, first).amountCents()).isEqualTo(10_000);
		refund(payee, 3_000, daysBefore(first, -1));

		LocalDate second = first.plusDays(1);
		assertThat(run(second).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.payouts.find(payee, second, PayoutKind.NIGHTLY, "usd")).isEmpty();
		assertThat(this.skips.of(second, 1000)).filteredOn((s) -> s.payeeAccount().equals(payee))
			.extracting(PayoutSkips.Skip::reason, PayoutSkips.Skip::availableCents)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("negative_balance", -3_000L));

		sale(payee, 8_000, daysBefore(first, -1));
		LocalDate third = first.plusDays(9);
		assertThat(run(third).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(payee, third).amountCents()).isEqualTo(5_000);
		assertThat(nightly(payee, third).status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(payable(payee)).isZero();
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(2);
	}

	@Test
	void a_released_payout_is_paid_by_the_next_run_and_both_reviews_are_audited() throws Exception {
		LocalDate date = LocalDate.parse("2026-10-20");
		String risky = payee(true, daysBefore(date, 90));
		sale(risky, 10_000, daysBefore(date, 10));
		refund(risky, 3_000, daysBefore(date, 9));
		assertThat(run(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout held = nightly(risky, date);
		assertThat(held.status()).isEqualTo(PayoutStatus.HELD);

		Actor ops = new Actor("ops-anna", AuditChannel.CLI);
		assertThat(this.reviews.release(held.id(), ops).status()).isEqualTo(PayoutStatus.PENDING);
		assertThat(run(date.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThatExceptionOfType(PayoutReviewRefusedException.class)
			.isThrownBy(() -> this.reviews.cancel(held.id(), ops))
			.satisfies((ex) -> assertThat(ex.notFound()).isFalse());
		assertThat(this.audit.page(new AuditQuery(null, null, "payout:" + held.id(), 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("payout.cancel", AuditOutcome.REFUSED.code()),
					org.assertj.core.groups.Tuple.tuple("payout.release", AuditOutcome.OK.code()));

		assertThat(this.payouts.find(held.id()).orElseThrow().status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(this.stripe.transfersTo(risky)).isEqualTo(1);
		assertThat(payable(risky)).isZero();
		assertThat(this.payouts.find(risky, date.plusDays(1), PayoutKind.NIGHTLY, "usd")).isEmpty();
	}

	@Test
	void the_same_date_twice_is_refused() throws Exception {
		LocalDate date = LocalDate.parse("2026-10-30");
		String payee = payee(true, daysBefore(date, 90));
		sale(payee, 2_000, daysBefore(date, 40));
		assertThat(run(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThatExceptionOfType(JobInstanceAlreadyCompleteException.class).isThrownBy(() -> run(date));
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
	}

	private JobExecution run(LocalDate date) throws Exception {
		this.clock.set(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(150)));
		return this.jobs.startJob(new JobParametersBuilder().addLocalDate(NightlyPayoutsJobConfiguration.DATE, date)
			.toJobParameters());
	}

	private String payee(boolean payoutsEnabled, Instant accountEvent) {
		String id = "acct_" + this.prefix + "P" + (++this.sequence);
		this.stripe.seedAccount(SimulatedAccount.active(id, accountEvent));
		this.accounts.saveIfNewer(new ConnectedAccount(id, true, payoutsEnabled, true,
				payoutsEnabled ? List.of() : List.of("external_account"), payoutsEnabled ? null : "requirements.past_due",
				"evt_" + id, accountEvent, accountEvent));
		return id;
	}

	private void sale(String payee, long cents, Instant at) {
		post("sale", "cs_test_" + payee + "_" + (++this.sequence), at,
				JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
				JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"));
	}

	private void refund(String payee, long cents, Instant at) {
		post("refund", "re_test_" + payee + "_" + (++this.sequence), at,
				JournalLine.debit(LedgerAccounts.payable(payee), cents, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, cents, "usd"));
	}

	private void post(String kind, String source, Instant at, JournalLine... lines) {
		this.transaction.executeWithoutResult((status) -> this.ledger
			.post(JournalEntry.of(kind, source, kind + " " + source, at, List.of(lines)))
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

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
