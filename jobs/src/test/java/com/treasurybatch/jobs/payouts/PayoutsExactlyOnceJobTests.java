package com.treasurybatch.jobs.payouts;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.payouts.InstantPayoutDesk;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;
import com.treasurybatch.shared.payouts.InstantPayoutRequests;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutFailure;
import com.treasurybatch.shared.payouts.PayoutFailureStatus;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutReviewRefusedException;
import com.treasurybatch.shared.payouts.PayoutReviews;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeTransfer;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.shared.stripe.TransferRequest;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Money out exactly once across the Stripe behaviours that used to pay twice: a bank payout that fails after its
 * transfer, an idempotency key Stripe pruned before the replay, and currencies whose minor units are not cents.
 * Real PostgreSQL, the Stripe simulator over HTTP on the tests' clock (so its 24-hour key retention and its events
 * follow the dates set here), the webhook events it emits staged into the inbox and booked by inbox-processing.
 * One partition, per-currency minimums. Every test ends with the trial balance balanced and no payout PENDING.
 */
@SpringBootTest(properties = { "treasury.payouts.partitions=1", "treasury.payouts.minimum.jpy=1000",
		"treasury.payouts.minimum.huf=50000", "treasury.payouts.minimum.isk=100000",
		"treasury.payouts.minimum.kwd=5000" })
@PostgresTest
class PayoutsExactlyOnceJobTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Actor OPS = new Actor("ops-ida", AuditChannel.CLI);

	/** A context, database and simulator on the tests' clock of its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier("nightly-payouts")
	Job nightly;

	@Autowired
	@Qualifier("instant-payouts")
	Job instant;

	@Autowired
	@Qualifier("inbox-processing")
	Job inbox;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	StripeGateway gateway;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Ledger ledger;

	@Autowired
	Payouts payouts;

	@Autowired
	PayoutFailures failures;

	@Autowired
	PayoutReviews reviews;

	@Autowired
	PayoutSkips skips;

	@Autowired
	InstantPayoutDesk desk;

	@Autowired
	InstantPayoutRequests requests;

	@Autowired
	ConnectedAccounts accounts;

	@Autowired
	MutableClock clock;

	private String prefix;

	private int sequence;

	private int staged;

	@BeforeEach
	void setUp(TestInfo test) {
		this.stripe.faults().reset();
		for (String currency : List.of("usd", "jpy", "huf", "isk", "kwd")) {
			this.stripe.seedBalance(currency, 1_000_000_000L, 0);
		}
		this.prefix = "X" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
		this.staged = this.stripe.events().size();
	}

	@AfterEach
	void trialBalanceBalancesAndNothingIsLeftPending() {
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payouts WHERE status = 'PENDING'", Long.class))
			.isZero();
	}

	@Test
	void a_failed_nightly_and_a_failed_instant_bank_payout_then_two_more_nights_pay_the_payee_once() throws Exception {
		LocalDate date = LocalDate.parse("2027-01-10");
		String payee = payee(date);
		// night 1: a sale of 100.00 is transferred (tr 1); Stripe's scheduled payout of it bounces
		sale(payee, 10_000, "usd", daysBefore(date, 40));
		assertThat(night(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(payee, date, "usd").status()).isEqualTo(PayoutStatus.TRANSFERRED);
		String scheduled = this.stripe.payOutBalance(payee, "usd");
		this.stripe.failPayout(scheduled, "account_closed");
		assertThat(this.stripe.accountAvailable(payee, "usd")).as("the 100.00 is back in the payee's balance")
			.isEqualTo(10_000);

		// a sale of 40.00, paid instantly the next morning (tr 2 and an instant payout), bounces too
		sale(payee, 4_000, "usd", daysBefore(date, 30));
		this.clock.set(date.plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC));
		InstantPayoutRequest request = this.desk.request(payee, "usd", null, OPS);
		assertThat(this.jobOperator.startNextInstance(this.instant).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout instantPayout = this.payouts.find(this.requests.find(request.id()).orElseThrow().payoutId())
			.orElseThrow();
		assertThat(instantPayout.amountCents()).isEqualTo(4_000);
		assertThat(instantPayout.status()).isEqualTo(PayoutStatus.IN_TRANSIT);
		this.clock.advance(Duration.ofMinutes(5));
		this.stripe.failPayout(instantPayout.stripePayoutId(), "account_closed");
		assertThat(inboxRun()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.payouts.find(instantPayout.id()).orElseThrow().status()).isEqualTo(PayoutStatus.FAILED);
		assertThat(payable(payee, "usd")).as("the bounced 40.00 is still at Stripe: not owed a second time")
			.isZero();
		PayoutFailure failure = this.failures.forPayout(instantPayout.id()).orElseThrow();
		assertThat(failure.status()).isEqualTo(PayoutFailureStatus.OPEN);
		assertThat(failure.amountCents()).isEqualTo(4_000);
		assertThat(this.failures.find(scheduled)).as("Stripe's scheduled payout is not ours: Stripe pays it again")
			.isEmpty();
		assertThatExceptionOfType(PayoutReviewRefusedException.class)
			.isThrownBy(() -> this.reviews.retry(instantPayout.id(), OPS))
			.withMessageContaining("instant-payouts makes it on its next run");

		// the next instant-payouts run reverses the instant transfer; transfer.reversed owes the 40.00 again
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.jobOperator.startNextInstance(this.instant).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.failures.forPayout(instantPayout.id()).orElseThrow().status())
			.isEqualTo(PayoutFailureStatus.REVERSAL_MADE);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(inboxRun()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.payouts.find(instantPayout.id()).orElseThrow().status()).isEqualTo(PayoutStatus.REVERSED);
		assertThat(payable(payee, "usd")).isEqualTo(4_000);
		// connected balance: 100.00 + 40.00 returned by the bank - 40.00 reversed = 100.00
		assertThat(this.stripe.accountAvailable(payee, "usd")).isEqualTo(10_000);

		// two more nights: the first pays the 40.00 once (tr 3), the second has nothing to pay
		assertThat(night(date.plusDays(1)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(nightly(payee, date.plusDays(1), "usd").amountCents()).isEqualTo(4_000);
		assertThat(night(date.plusDays(2)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.payouts.find(payee, date.plusDays(2), PayoutKind.NIGHTLY, "usd")).isEmpty();
		assertThat(payable(payee, "usd")).isZero();

		// the payee fixes their bank account; Stripe's next scheduled payout sends the whole balance once
		String paid = this.stripe.payOutBalance(payee, "usd");
		this.stripe.payPendingPayouts();
		assertThat(paid).isNotNull();
		assertThat(this.stripe.transfersTo(payee)).as("tr 1, tr 2 (reversed), tr 3").isEqualTo(3);
		assertThat(this.stripe.payoutsOn(payee)).as("two bounced, one paid").isEqualTo(3);
		// transferred 100.00 + 40.00 + 40.00 - reversed 40.00 = 140.00 = the two sales; paid out 140.00 once
		assertThat(this.stripe.paidOutTo(payee, "usd")).isEqualTo(14_000);
		assertThat(this.stripe.accountAvailable(payee, "usd")).isZero();
		assertThat(inboxRun()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void a_refused_reversal_is_retried_by_ops_as_a_new_attempt_and_never_credits_what_the_payee_kept() throws Exception {
		LocalDate date = LocalDate.parse("2027-02-10");
		String payee = payee(date);
		sale(payee, 2_500, "usd", daysBefore(date, 40));
		this.clock.set(date.atTime(9, 0).toInstant(ZoneOffset.UTC));
		InstantPayoutRequest request = this.desk.request(payee, "usd", null, OPS);
		assertThat(this.jobOperator.startNextInstance(this.instant).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout payout = this.payouts.find(this.requests.find(request.id()).orElseThrow().payoutId()).orElseThrow();
		this.stripe.failPayout(payout.stripePayoutId(), "no_account");
		assertThat(inboxRun()).isEqualTo(BatchStatus.COMPLETED);
		// before the reversal, the returned 25.00 leaves the connected balance another way
		this.stripe.updateAccount(SimulatedAccount.active(payee, daysBefore(date, 90)));
		assertThat(this.stripe.payOutBalance(payee, "usd")).isNotNull();

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.jobOperator.startNextInstance(this.instant).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		PayoutFailure refused = this.failures.forPayout(payout.id()).orElseThrow();
		assertThat(refused.status()).isEqualTo(PayoutFailureStatus.REVERSAL_REFUSED);
		assertThat(refused.reversalError()).startsWith("balance_insufficient");
		assertThat(payable(payee, "usd")).as("the payee has the 25.00: nothing owed").isZero();

		Payout retried = this.reviews.retry(payout.id(), OPS);
		assertThat(retried.status()).isEqualTo(PayoutStatus.FAILED);
		PayoutFailure reopened = this.failures.forPayout(payout.id()).orElseThrow();
		assertThat(reopened.status()).isEqualTo(PayoutFailureStatus.OPEN);
		assertThat(reopened.reversalAttempt()).as("a new key, so Stripe does not replay the refusal").isEqualTo(2);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.jobOperator.startNextInstance(this.instant).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.failures.forPayout(payout.id()).orElseThrow().status())
			.as("still not there: refused again, nothing credited")
			.isEqualTo(PayoutFailureStatus.REVERSAL_REFUSED);
		assertThat(this.stripe.requestsWithIdempotencyKey(reopened.reversalKey(payout.idempotencyKey()))).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM audit_log WHERE action = 'payout.retry' AND target = ?", Long.class,
				"payout:" + payout.id())).isEqualTo(1);
		assertThat(inboxRun()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(payee, "usd")).isZero();
	}

	@Test
	void a_transfer_whose_commit_failed_replayed_25_hours_later_is_found_at_stripe_not_made_again() throws Exception {
		LocalDate date = LocalDate.parse("2027-03-10");
		String crashing = payee(date);
		sale(crashing, 5_000, "usd", daysBefore(date, 40));
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
			failed = night(date);
		}
		finally {
			owner().execute("DROP TRIGGER test_payout_crash ON payouts");
			owner().execute("DROP FUNCTION test_payout_crash()");
		}
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		Payout pending = nightly(crashing, date, "usd");
		assertThat(pending.status()).isEqualTo(PayoutStatus.PENDING);
		assertThat(this.stripe.transfersTo(crashing)).isEqualTo(1);

		// 25 hours later Stripe has pruned the key: a POST with it would be a new transfer
		this.clock.advance(Duration.ofHours(25));
		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout recorded = nightly(crashing, date, "usd");
		assertThat(recorded.status()).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(this.stripe.transfersTo(crashing)).as("one transfer at Stripe").isEqualTo(1);
		assertThat(this.gateway.transfersInGroup(pending.idempotencyKey())).extracting(StripeTransfer::id)
			.containsExactly(recorded.stripeTransferId());
		assertThat(this.stripe.requestsWithIdempotencyKey(pending.idempotencyKey() + ":transfer"))
			.as("looked up by transfer_group, not POSTed again").isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'payout' AND source_id = ?",
				Long.class, pending.idempotencyKey())).isEqualTo(1);
		assertThat(payable(crashing, "usd")).isZero();
	}

	@Test
	void the_simulator_forgets_an_idempotency_key_after_24_hours_like_stripe() {
		String payee = payee(LocalDate.parse("2027-03-20"));
		this.clock.set(Instant.parse("2027-03-21T02:30:00Z"));
		TransferRequest request = new TransferRequest(700, "usd", payee, "group:" + payee, Map.of(), null);
		IdempotencyKey key = new IdempotencyKey("test:" + payee + ":transfer");
		StripeTransfer first = this.gateway.createTransfer(request, key);

		this.clock.advance(Duration.ofHours(23).plusMinutes(59));
		assertThat(this.gateway.createTransfer(request, key).id()).as("within 24 hours: replayed")
			.isEqualTo(first.id());
		this.clock.advance(Duration.ofMinutes(1));
		StripeTransfer second = this.gateway.createTransfer(request, key);

		assertThat(second.id()).as("24 hours on: a new request").isNotEqualTo(first.id());
		assertThat(this.stripe.transfersTo(payee)).isEqualTo(2);
		assertThat(this.gateway.transfersInGroup("group:" + payee)).extracting(StripeTransfer::id)
			.as("newest first, as Stripe lists them")
			.containsExactly(second.id(), first.id());
		// give the 2 x 7.00 back so the platform balance is untouched
		this.stripe.seedBalance("usd", 1_000_000_000L, 0);
	}

	@Test
	void jpy_huf_isk_and_kwd_payouts_take_their_own_minimums_and_stripes_roundings() throws Exception {
		LocalDate date = LocalDate.parse("2027-04-10");
		Instant old = daysBefore(date, 40);
		// JPY, zero-decimal: 1,234 yen paid as is; 999 yen < the 1,000 yen minimum (500 "cents" would have paid it)
		String yen = payee(date);
		String fewYen = payee(date);
		sale(yen, 1_234, "jpy", old);
		sale(fewYen, 999, "jpy", old);
		// HUF, payouts in whole forints: 1,234.56 (123456) pays 1,234.00 (123400), 0.56 stays;
		// 500.99 (50099) rounds to 500.00 (50000) = the 500.00 minimum: paid; 499.99 (49999) -> 499.00: waits
		String forint = payee(date);
		String minimumForint = payee(date);
		String fewForint = payee(date);
		sale(forint, 123_456, "huf", old);
		sale(minimumForint, 50_099, "huf", old);
		sale(fewForint, 49_999, "huf", old);
		// ISK, two decimals at Stripe that are always 00: 1,500.50 (150050) pays 1,500.00 (150000), 0.50 stays;
		// 999.99 (99999) -> 999.00 < the 1,000 ISK minimum (100000): waits
		String krona = payee(date);
		String fewKrona = payee(date);
		sale(krona, 150_050, "isk", old);
		sale(fewKrona, 99_999, "isk", old);
		// KWD, three decimals, the last one 0: 12.345 (12345) pays 12.340 (12340), 0.005 stays;
		// 4.999 (4999) -> 4.990 < the 5.000 minimum (5000): waits
		String dinar = payee(date);
		String fewDinar = payee(date);
		sale(dinar, 12_345, "kwd", old);
		sale(fewDinar, 4_999, "kwd", old);

		assertThat(night(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertPaid(yen, date, "jpy", 1_234, 0);
		assertPaid(forint, date, "huf", 123_400, 56);
		assertPaid(minimumForint, date, "huf", 50_000, 99);
		assertPaid(krona, date, "isk", 150_000, 50);
		assertPaid(dinar, date, "kwd", 12_340, 5);
		for (String waiting : List.of(fewYen, fewForint, fewKrona, fewDinar)) {
			assertThat(this.stripe.transfersTo(waiting)).as("transfers to %s", waiting).isZero();
			assertThat(this.skips.of(date, 1000)).filteredOn((skip) -> skip.payeeAccount().equals(waiting))
				.extracting(PayoutSkips.Skip::reason)
				.containsExactly("below_minimum");
		}
		assertThat(payable(fewYen, "jpy")).isEqualTo(999);
		assertThat(payable(fewForint, "huf")).isEqualTo(49_999);
		assertThat(payable(fewKrona, "isk")).isEqualTo(99_999);
		assertThat(payable(fewDinar, "kwd")).isEqualTo(4_999);
	}

	private void assertPaid(String payee, LocalDate date, String currency, long paid, long left) {
		Payout payout = nightly(payee, date, currency);
		assertThat(payout.status()).as("payout of %s", payee).isEqualTo(PayoutStatus.TRANSFERRED);
		assertThat(payout.amountCents()).as("payout of %s", payee).isEqualTo(paid);
		assertThat(this.gateway.transfersInGroup(payout.idempotencyKey())).as("at Stripe, %s", payee)
			.singleElement()
			.satisfies((transfer) -> {
				assertThat(transfer.amount()).isEqualTo(paid);
				assertThat(transfer.currency()).isEqualTo(currency);
			});
		assertThat(payable(payee, currency)).as("left in the payable of %s", payee).isEqualTo(left);
	}

	private JobExecution night(LocalDate date) throws Exception {
		this.clock.set(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(150)));
		return this.jobOperator.start(this.nightly, new JobParametersBuilder()
			.addLocalDate(NightlyPayoutsJobConfiguration.DATE, date)
			.toJobParameters());
	}

	/** Stages the simulator's events since the last call, as the webhook receiver would, and books them. */
	private BatchStatus inboxRun() throws Exception {
		List<SimulatedEvent> all = this.stripe.events();
		for (SimulatedEvent event : all.subList(this.staged, all.size())) {
			JsonNode json = JSON.readTree(event.json());
			String account = json.path("account").isString() ? json.path("account").asString() : null;
			this.jdbc.update("""
					INSERT INTO webhook_inbox (event_id, type, api_version, account, livemode, created, payload, source)
					VALUES (?, ?, ?, ?, false, ?, ?::jsonb, 'WEBHOOK')
					ON CONFLICT (event_id) DO NOTHING
					""", event.id(), event.type(), json.path("api_version").asString(), account,
					Timestamp.from(Instant.ofEpochSecond(json.path("created").asLong())), event.json());
		}
		this.staged = all.size();
		return this.jobOperator.startNextInstance(this.inbox).getStatus();
	}

	/** A payee with payouts enabled and an old account (paid in creation order: one partition). */
	private String payee(LocalDate date) {
		Instant accountEvent = daysBefore(date, 90);
		String id = "acct_" + this.prefix + "P" + (++this.sequence);
		this.stripe.seedAccount(SimulatedAccount.active(id, accountEvent));
		this.accounts.saveIfNewer(
				new ConnectedAccount(id, true, true, true, List.of(), null, "evt_" + id, accountEvent, accountEvent));
		return id;
	}

	private void sale(String payee, long minorUnits, String currency, Instant at) {
		String source = "cs_test_" + payee + "_" + (++this.sequence);
		this.transaction.executeWithoutResult((status) -> this.ledger
			.post(JournalEntry.of("sale", source, "sale " + source, at,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, minorUnits, currency),
							JournalLine.credit(LedgerAccounts.payable(payee), minorUnits, currency))))
			.orElseThrow());
	}

	private static Instant daysBefore(LocalDate date, int days) {
		return date.minusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC);
	}

	private Payout nightly(String payee, LocalDate date, String currency) {
		return this.payouts.find(payee, date, PayoutKind.NIGHTLY, currency).orElseThrow();
	}

	private long payable(String payee, String currency) {
		var balance = this.ledger.balance(LedgerAccounts.payable(payee), currency);
		return balance.creditsCents() - balance.debitsCents();
	}

	/** The database's owner: creating and dropping the test's trigger (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
