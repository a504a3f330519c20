package com.treasurybatch.jobs.instantpayouts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.jobs.SimulatedStripeConfiguration;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
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
import com.treasurybatch.shared.payouts.InstantPayoutDesk;
import com.treasurybatch.shared.payouts.InstantPayoutRefusedException;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;
import com.treasurybatch.shared.payouts.InstantPayoutRequestStatus;
import com.treasurybatch.shared.payouts.InstantPayoutRequests;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The instant-payouts job on a real PostgreSQL against the Stripe simulator over HTTP. Tests share one database:
 * each uses its own payees. Every test ends with the trial balance balanced and no payout PENDING.
 */
@SpringBootTest
@PostgresTest
@Import(SimulatedStripeConfiguration.class)
class InstantPayoutsJobTests {

	private static final Actor OPS = new Actor("ops-anna", AuditChannel.API);

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(InstantPayoutsJobConfiguration.JOB_NAME)
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
	InstantPayoutDesk desk;

	@Autowired
	InstantPayoutRequests requests;

	@Autowired
	ConnectedAccounts accounts;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	private String prefix;

	private int sequence;

	@BeforeEach
	void setUp(TestInfo test) {
		this.stripe.faults().reset();
		this.clock.set(Instant.parse("2026-12-01T10:00:00Z"));
		this.prefix = "I" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@AfterEach
	void trialBalanceBalancesAndNothingIsLeftPending() {
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payouts WHERE status = 'PENDING'", Long.class))
			.isZero();
	}

	@Test
	void a_request_past_cool_off_and_low_risk_is_paid_instantly_once() throws Exception {
		String payee = payee(SimulatedAccount::active);
		sale(payee, 4_000, hoursAgo(40 * 24));
		sale(payee, 6_000, hoursAgo(30));
		sale(payee, 1_500, hoursAgo(2));
		InstantPayoutRequest request = this.desk.request(payee, "usd", null, OPS);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		InstantPayoutRequest paid = this.requests.find(request.id()).orElseThrow();
		assertThat(paid.status()).isEqualTo(InstantPayoutRequestStatus.PAID);
		assertThat(paid.payoutMethod()).isEqualTo("instant");
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
		assertThat(this.stripe.payoutsOn(payee)).isEqualTo(1);
		Payout payout = this.payouts.find(paid.payoutId()).orElseThrow();
		assertThat(payout.kind()).isEqualTo(PayoutKind.INSTANT);
		assertThat(payout.status()).isEqualTo(PayoutStatus.IN_TRANSIT);
		assertThat(payout.amountCents()).as("the sale 2 hours old is still cooling off").isEqualTo(10_000);
		assertThat(payout.idempotencyKey()).endsWith(":request:" + request.id());
		assertThat(this.ledger.lines(payout.transferJournalId())).containsExactly(
				JournalLine.debit(LedgerAccounts.payable(payee), 10_000, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 10_000, "usd"));
		assertThat(payable(payee)).isEqualTo(1_500);
		assertThat(this.stripe.accountAvailable(payee, "usd")).isZero();
		assertThat(this.audit.page(new AuditQuery(null, null, "instant_payout_request:" + request.id(), 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(InstantPayoutDesk.ACTION, AuditOutcome.OK.code()));
	}

	@Test
	void an_account_without_instant_payouts_is_paid_out_standard_and_the_request_says_so() throws Exception {
		String payee = payee((id, at) -> SimulatedAccount.active(id, at).withoutInstantPayouts());
		sale(payee, 4_000, hoursAgo(40 * 24));
		InstantPayoutRequest request = this.desk.request(payee, "usd", 3_000L, OPS);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		InstantPayoutRequest paid = this.requests.find(request.id()).orElseThrow();
		assertThat(paid.status()).isEqualTo(InstantPayoutRequestStatus.PAID);
		assertThat(paid.payoutMethod()).isEqualTo("standard");
		assertThat(paid.note()).startsWith("instant_payouts_unsupported");
		assertThat(this.stripe.payoutsOn(payee)).isEqualTo(1);
		assertThat(payable(payee)).isEqualTo(1_000);
	}

	@Test
	void a_risky_payees_request_is_rejected_with_reasons_and_nothing_moves() throws Exception {
		String payee = payee(SimulatedAccount::active);
		sale(payee, 10_000, hoursAgo(10 * 24));
		refund(payee, 3_000, hoursAgo(9 * 24));
		InstantPayoutRequest request = this.desk.request(payee, "usd", null, OPS);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		InstantPayoutRequest rejected = this.requests.find(request.id()).orElseThrow();
		assertThat(rejected.status()).isEqualTo(InstantPayoutRequestStatus.REJECTED);
		assertThat(rejected.reasons()).anyMatch((r) -> r.startsWith("risk "))
			.anyMatch((r) -> r.startsWith("new_account"))
			.anyMatch((r) -> r.startsWith("refund_ratio"));
		assertThat(rejected.payoutId()).isNull();
		assertThat(this.stripe.transfersTo(payee)).isZero();
		assertThat(payable(payee)).isEqualTo(7_000);
	}

	@Test
	void funds_still_in_cool_off_wait_and_are_paid_once_past_it() throws Exception {
		String payee = payee(SimulatedAccount::active);
		sale(payee, 1_000, hoursAgo(40 * 24));
		sale(payee, 5_000, hoursAgo(2));
		InstantPayoutRequest request = this.desk.request(payee, "usd", 5_000L, OPS);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.requests.find(request.id()).orElseThrow().status())
			.isEqualTo(InstantPayoutRequestStatus.REQUESTED);
		assertThat(this.stripe.transfersTo(payee)).isZero();

		this.clock.advance(Duration.ofHours(23));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		InstantPayoutRequest paid = this.requests.find(request.id()).orElseThrow();
		assertThat(paid.status()).isEqualTo(InstantPayoutRequestStatus.PAID);
		assertThat(this.payouts.find(paid.payoutId()).orElseThrow().amountCents()).isEqualTo(5_000);
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
		assertThat(payable(payee)).isEqualTo(1_000);
	}

	@Test
	void a_second_request_while_one_is_open_is_refused_and_audited() {
		String payee = payee(SimulatedAccount::active);
		this.desk.request(payee, "usd", null, OPS);

		assertThatExceptionOfType(InstantPayoutRefusedException.class)
			.isThrownBy(() -> this.desk.request(payee, "usd", 2_000L, OPS))
			.satisfies((ex) -> assertThat(ex.duplicate()).isTrue());
		assertThat(this.audit.page(new AuditQuery(null, null, "instant_payout:" + payee, 10)))
			.extracting(AuditEntry::outcome)
			.containsExactly(AuditOutcome.REFUSED.code());
		assertThat(this.requests.list(payee, 10)).hasSize(1);
		this.transaction.executeWithoutResult((status) -> this.requests.refuse(
				this.requests.list(payee, 10).get(0).id(), InstantPayoutRequestStatus.REJECTED, List.of("test done")));
	}

	@Test
	void a_crash_after_stripe_answered_then_a_rerun_pays_once() throws Exception {
		String payee = payee(SimulatedAccount::active);
		sale(payee, 7_000, hoursAgo(40 * 24));
		InstantPayoutRequest request = this.desk.request(payee, "usd", null, OPS);
		owner().execute("""
				CREATE FUNCTION test_instant_crash() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.payee_account = '%s' AND NEW.status = 'TRANSFERRED' THEN
				        RAISE EXCEPTION 'connection lost (simulated)' USING ERRCODE = '08006';
				    END IF;
				    RETURN NEW;
				END $$""".formatted(payee));
		owner().execute("CREATE TRIGGER test_instant_crash BEFORE UPDATE ON payouts "
				+ "FOR EACH ROW EXECUTE FUNCTION test_instant_crash()");
		JobExecution failed;
		try {
			failed = run();
		}
		finally {
			owner().execute("DROP TRIGGER test_instant_crash ON payouts");
			owner().execute("DROP FUNCTION test_instant_crash()");
		}
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
		Long payoutId = this.requests.find(request.id()).orElseThrow().payoutId();
		assertThat(this.payouts.find(payoutId).orElseThrow().status()).isEqualTo(PayoutStatus.PENDING);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		Payout payout = this.payouts.find(payoutId).orElseThrow();
		assertThat(payout.status()).isEqualTo(PayoutStatus.IN_TRANSIT);
		assertThat(this.requests.find(request.id()).orElseThrow().status()).isEqualTo(InstantPayoutRequestStatus.PAID);
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(1);
		assertThat(this.stripe.payoutsOn(payee)).isEqualTo(1);
		assertThat(this.stripe.requestsWithIdempotencyKey(payout.idempotencyKey() + ":transfer"))
			.as("the rerun replayed the same key").isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'payout' AND source_id = ?",
				Long.class, payout.idempotencyKey())).isEqualTo(1);
		assertThat(payable(payee)).isZero();
	}

	private JobExecution run() throws Exception {
		return this.jobOperator.startNextInstance(this.job);
	}

	private String payee(java.util.function.BiFunction<String, Instant, SimulatedAccount> account) {
		String id = "acct_" + this.prefix + "P" + (++this.sequence);
		Instant accountEvent = hoursAgo(90 * 24);
		this.stripe.seedAccount(account.apply(id, accountEvent));
		this.accounts.saveIfNewer(new ConnectedAccount(id, true, true, true, List.of(), null, "evt_" + id,
				accountEvent, accountEvent));
		return id;
	}

	private Instant hoursAgo(int hours) {
		return this.clock.instant().minus(Duration.ofHours(hours));
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

	private long payable(String payee) {
		var balance = this.ledger.balance(LedgerAccounts.payable(payee), "usd");
		return balance.creditsCents() - balance.debitsCents();
	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
