package com.treasurybatch.jobs.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.jobs.inbox.MoneyBackEvent.Refund;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.analytics.ShowFinancials;
import com.treasurybatch.shared.analytics.ShowLedger;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.PayoutFailure;
import com.treasurybatch.shared.payouts.PayoutFailureStatus;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRules;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Money flowing back through the inbox-processing job on a real PostgreSQL: refunds, disputes, transfer reversals
 * and failed payouts. Tests share one database: each uses its own ids, and measures shared platform accounts as
 * deltas. Every test ends with the trial balance balanced.
 */
@SpringBootTest(properties = "treasury.inbox.chunk-size=4")
@PostgresTest
@SpringBatchTest
class InboxProcessingMoneyBackTests {

	private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

	private static final LocalDate BUSINESS_DATE = LocalDate.parse("2026-11-20");

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ShowLedger showLedger;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Ledger ledger;

	@Autowired
	PayoutFailures failures;

	@Autowired
	Payouts payouts;

	@Autowired
	Alerts alerts;

	@Autowired
	SplitRules splitRules;

	@Autowired
	MutableClock clock;

	StripeIds ids;

	InboxStaging inbox;

	@BeforeEach
	void setUp(TestInfo test) {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.ids = new StripeIds(test.getTestMethod().orElseThrow().getName().hashCode());
		this.inbox = new InboxStaging(this.jdbc);
		this.jobs.setJob(this.job);
	}

	@AfterEach
	void trialBalanceBalances() {
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void partial_refunds_of_a_three_way_split_are_allocated_cumulatively_each_under_its_real_id_once()
			throws Exception {
		String host = this.ids.account();
		String headliner = this.ids.account();
		String support = this.ids.account();
		// 4999 usd, fee 10% = 500; 4499 split 5000/3000/2000 bps -> 2249/1350/900
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 4999, "usd")
			.meta("tb_split", host + ":5000," + headliner + ":3000," + support + ":2000")
			.at(T0);
		String chargeId = this.ids.charge();
		Refund first = new Refund("re_3Q" + this.ids.text(22), 1000, T0.plusSeconds(60));
		Refund second = new Refund("re_3Q" + this.ids.text(22), 2499, T0.plusSeconds(120));
		// the first from refund.created (API 2022-11-15 and later), the second from an older endpoint's
		// charge.refunded that still lists the charge's refunds (API 2020-03-02)
		MoneyBackEvent firstRefund = MoneyBackEvent.refund(this.ids, "refund.created", first, chargeId,
				sale.paymentIntentId, "usd", "succeeded", T0.plusSeconds(61));
		MoneyBackEvent secondRefund = MoneyBackEvent.chargeRefunded(this.ids, chargeId, sale.paymentIntentId, 4999,
				"usd", 3499, List.of(first, second), T0.plusSeconds(121));
		long cashBefore = balance(LedgerAccounts.PLATFORM_CASH, "usd");
		long feesBefore = balance(LedgerAccounts.PLATFORM_FEE_REVENUE, "usd");
		this.inbox.stage(sale);
		this.inbox.stage(firstRefund);
		this.inbox.stage(secondRefund);

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(firstRefund.eventId())).isEqualTo("PROCESSED");
		assertThat(this.inbox.status(secondRefund.eventId())).isEqualTo("PROCESSED");
		// 1000 over 500/2249/1350/900 (of 4999): 100.02/449.91/270.05/180.04 -> 100/449/270/180 + 1 to .91 -> host 450
		assertThat(this.ledger.lines(journal(first.id(), "refund"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 100, "usd"),
				JournalLine.debit(LedgerAccounts.payable(host), 450, "usd"),
				JournalLine.debit(LedgerAccounts.payable(headliner), 270, "usd"),
				JournalLine.debit(LedgerAccounts.payable(support), 180, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 1000, "usd"));
		// cumulative 3499: 349.97/1574.17/944.92/629.95 -> 349/1574/944/629 + 3 to .97/.95/.92 -> 350/1574/945/630,
		// minus the first refund's 100/450/270/180 -> 250/1124/675/450
		assertThat(this.ledger.lines(journal(second.id(), "refund"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 250, "usd"),
				JournalLine.debit(LedgerAccounts.payable(host), 1124, "usd"),
				JournalLine.debit(LedgerAccounts.payable(headliner), 675, "usd"),
				JournalLine.debit(LedgerAccounts.payable(support), 450, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 2499, "usd"));
		assertThat(payable(host)).isEqualTo(2249 - 450 - 1124);
		assertThat(payable(headliner)).isEqualTo(1350 - 270 - 675);
		assertThat(payable(support)).isEqualTo(900 - 180 - 450);
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd") - cashBefore).isEqualTo(4999 - 3499);
		assertThat(balance(LedgerAccounts.PLATFORM_FEE_REVENUE, "usd") - feesBefore).isEqualTo(500 - 350);

		// the same refunds again: a duplicate delivery (same id), a replay under a new id, the second's own
		// refund.created, and a charge.refunded of the current API version (no refunds list: nothing to book)
		assertThat(this.inbox.stage(secondRefund)).isZero();
		MoneyBackEvent replayed = firstRefund.redelivered(this.ids);
		MoneyBackEvent secondCreated = MoneyBackEvent.refund(this.ids, "refund.created", second, chargeId,
				sale.paymentIntentId, "usd", "succeeded", T0.plusSeconds(121));
		MoneyBackEvent unlisted = MoneyBackEvent.chargeRefunded(this.ids, chargeId, sale.paymentIntentId, 4999, "usd",
				3499, null, T0.plusSeconds(130));
		this.inbox.stage(replayed);
		this.inbox.stage(secondCreated);
		this.inbox.stage(unlisted);
		JobExecution again = run();

		assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(replayed.eventId())).isEqualTo("PROCESSED");
		assertThat(this.inbox.status(secondCreated.eventId())).isEqualTo("PROCESSED");
		assertThat(this.inbox.status(unlisted.eventId())).isEqualTo("IGNORED");
		assertThat(refundJournals(chargeId)).isEqualTo(2);
		assertThat(payable(host)).isEqualTo(675);
		assertThat(payable(headliner)).isEqualTo(405);
		assertThat(payable(support)).isEqualTo(270);
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd") - cashBefore).isEqualTo(1500);

		// the rest, 1500: cumulative 4999 = the sale exactly -> 500/2249/1350/900 minus 350/1574/945/630
		Refund last = new Refund("re_3Q" + this.ids.text(22), 1500, T0.plusSeconds(300));
		this.inbox.stage(MoneyBackEvent.refund(this.ids, "refund.created", last, chargeId, sale.paymentIntentId,
				"usd", "succeeded", T0.plusSeconds(301)));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(host)).isZero();
		assertThat(payable(headliner)).isZero();
		assertThat(payable(support)).isZero();
		assertThat(balance(LedgerAccounts.PLATFORM_FEE_REVENUE, "usd")).isEqualTo(feesBefore);
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd")).isEqualTo(cashBefore);
	}

	@Test
	void a_refund_that_fails_is_reversed_and_the_next_refund_is_allocated_as_if_it_never_happened() throws Exception {
		String a = this.ids.account();
		String b = this.ids.account();
		String c = this.ids.account();
		// 1000 eur, no platform fee (the rule's 0 bps), split 3334/3333/3333 -> 334/333/333
		String rule = "three-" + this.ids.text(8);
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(new SplitRule(rule, "three ways",
				OptionalInt.of(0), List.of(new Share(a, 3334), new Share(b, 3333), new Share(c, 3333)))));
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 1000, "eur").meta("tb_split_rule", rule).at(T0);
		String chargeId = this.ids.charge();
		Refund bounced = new Refund("re_3Q" + this.ids.text(22), 500, T0.plusSeconds(60));
		this.inbox.stage(sale);
		this.inbox.stage(MoneyBackEvent.refund(this.ids, "refund.created", bounced, chargeId, sale.paymentIntentId,
				"eur", "pending", T0.plusSeconds(61)));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// cumulative 500 over 334/333/333: 167/166.5/166.5 -> 167 + 167 + 166 (a tie to the first in journal order)
		assertThat(payable(a, "eur")).isEqualTo(334 - 167);
		assertThat(List.of(payable(b, "eur"), payable(c, "eur"))).containsExactlyInAnyOrder(333 - 167L, 333 - 166L);

		MoneyBackEvent failed = MoneyBackEvent.refund(this.ids, "refund.failed", bounced, chargeId,
				sale.paymentIntentId, "eur", "failed", T0.plusSeconds(3600));
		this.inbox.stage(failed);
		this.inbox.stage(MoneyBackEvent.refund(this.ids, "refund.updated", bounced, chargeId, sale.paymentIntentId,
				"eur", "failed", T0.plusSeconds(3601)));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(failed.eventId())).isEqualTo("PROCESSED");
		assertThat(this.ledger.lines(journal(bounced.id(), "refund_failure"))).as("the refund mirrored")
			.containsExactlyElementsOf(this.ledger.lines(journal(bounced.id(), "refund"))
				.stream()
				.map(JournalLine::mirrored)
				.toList())
			.contains(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 500, "eur"));
		assertThat(refundJournals(chargeId)).as("one row, now FAILED").isEqualTo(1);
		assertThat(payable(a, "eur")).isEqualTo(334);
		assertThat(payable(b, "eur")).isEqualTo(333);
		assertThat(payable(c, "eur")).isEqualTo(333);

		// two new refunds of 500 take the sale back exactly: 167/167/166, then 167/166/167
		for (int i = 0; i < 2; i++) {
			Refund again = new Refund("re_3Q" + this.ids.text(22), 500, T0.plusSeconds(7200 + i));
			this.inbox.stage(MoneyBackEvent.refund(this.ids, "refund.created", again, chargeId, sale.paymentIntentId,
					"eur", "succeeded", T0.plusSeconds(7201 + i)));
		}
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(a, "eur")).isZero();
		assertThat(payable(b, "eur")).isZero();
		assertThat(payable(c, "eur")).isZero();
	}

	@Test
	void a_refund_after_the_payee_was_paid_out_leaves_a_negative_payable_flagged_and_alerted() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 2000, "usd").meta("tb_payee", payee).at(T0);
		this.inbox.stage(sale);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(payee)).isEqualTo(1800);
		Payout paid = transferred(payee, 1800);
		assertThat(payable(payee)).isZero();

		String chargeId = this.ids.charge();
		Refund full = new Refund("re_3Q" + this.ids.text(22), 2000, T0.plus(Duration.ofDays(2)));
		MoneyBackEvent refund = MoneyBackEvent.refund(this.ids, "refund.created", full, chargeId,
				sale.paymentIntentId, "usd", "succeeded", T0.plus(Duration.ofDays(2)));
		this.inbox.stage(refund);
		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(refund.eventId())).isEqualTo("PROCESSED");
		assertThat(this.ledger.lines(journal(full.id(), "refund"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 200, "usd"),
				JournalLine.debit(LedgerAccounts.payable(payee), 1800, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 2000, "usd"));
		assertThat(payable(payee)).isEqualTo(-1800);
		Alert alert = this.alerts.find("negative_payable:" + payee + ":usd:" + full.id());
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.WARNING);
		assertThat(alert.message()).contains("-1800", "netted");
		assertThat(this.payouts.find(paid.id()).orElseThrow().status()).isEqualTo(PayoutStatus.TRANSFERRED);

		// the next sale fills the hole before anything is owed again
		CheckoutSessionEvent next = CheckoutSessionEvent.paid(this.ids, 3000, "usd")
			.meta("tb_payee", payee)
			.at(T0.plus(Duration.ofDays(3)));
		this.inbox.stage(next);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(payee)).isEqualTo(2700 - 1800);
	}

	@Test
	void a_refund_of_a_sale_never_booked_fails_and_is_retried_until_the_sale_arrives() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 1000, "eur").meta("tb_payee", payee).at(T0);
		String chargeId = this.ids.charge();
		MoneyBackEvent refund = MoneyBackEvent.refund(this.ids, "refund.created",
				new Refund("re_3Q" + this.ids.text(22), 1000, T0), chargeId, sale.paymentIntentId, "eur", "succeeded",
				T0.plusSeconds(5));
		this.inbox.stage(refund);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(refund.eventId())).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE event_id = ?", String.class,
				refund.eventId())).contains("no sale is booked for " + sale.paymentIntentId);

		this.inbox.stage(sale);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(refund.eventId())).isEqualTo("PROCESSED");
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "eur").balanceCents()).isZero();
	}

	@Test
	void a_lost_dispute_is_reserved_from_the_payees_then_written_off() throws Exception {
		String venue = this.ids.account();
		String act = this.ids.account();
		String show = "show-" + this.ids.text(12);
		// 10000 usd, fee 1000; 9000 split 6000/4000 -> 5400/3600
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 10000, "usd")
			.meta("tb_split", venue + ":6000," + act + ":4000")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", show)
			.at(T0);
		String chargeId = this.ids.charge();
		String disputeId = "du_1Q" + this.ids.text(22);
		MoneyBackEvent created = MoneyBackEvent.dispute(this.ids, "charge.dispute.created", disputeId,
				chargeId, sale.paymentIntentId, 5000, "usd", "needs_response", T0.plus(Duration.ofDays(10)));
		long reserveBefore = balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "usd");
		long lossesBefore = balance(LedgerAccounts.PLATFORM_DISPUTE_LOSSES, "usd");
		long cashBefore = balance(LedgerAccounts.PLATFORM_CASH, "usd");
		long fundsBefore = balance(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, "usd");
		this.inbox.stage(sale);
		this.inbox.stage(created);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// Stripe withdrew the 5000 and its 1500 dispute fee: both booked from the dispute's balance transaction
		String withdrawal = MoneyBackEvent.withdrawalOf(disputeId);
		assertThat(this.ledger.lines(journal(withdrawal, "dispute_funds"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, 5000, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 5000, "usd"));
		assertThat(this.ledger.lines(journal(withdrawal, "stripe_fee"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, 1500, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 1500, "usd"));
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd") - cashBefore).isEqualTo(10000 - 5000 - 1500);
		// 5000 over 1000/5400/3600: 500 stays the platform's, 2700 + 1800 held from the payees
		assertThat(this.ledger.lines(journal(disputeId, "dispute_reserve"))).containsExactly(
				JournalLine.debit(LedgerAccounts.payable(venue), 2700, "usd"),
				JournalLine.debit(LedgerAccounts.payable(act), 1800, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, 4500, "usd"));
		assertThat(payable(venue)).isEqualTo(2700);
		assertThat(payable(act)).isEqualTo(1800);
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "usd") - reserveBefore).isEqualTo(4500);
		assertThat(this.alerts.find("dispute_opened:" + disputeId).severity()).isEqualTo(Severity.WARNING);
		// the show's financials see the payees' part held: net payable is what the payees' accounts hold from it
		assertThat(this.showLedger.financials(show, ShowLedger.ALL_TIME_FROM, ShowLedger.ALL_TIME_TO))
			.extracting(ShowFinancials::grossCents, ShowFinancials::feesCents, ShowFinancials::disputesCents,
					ShowFinancials::netPayableCents)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(10000L, 1000L, 4500L, 4500L));
		assertThat(this.jdbc.queryForObject("SELECT checkout_session_id FROM dispute_sales WHERE dispute_id = ?",
				String.class, disputeId)).isEqualTo(sale.sessionId);

		MoneyBackEvent lost = MoneyBackEvent.dispute(this.ids, "charge.dispute.closed", disputeId, chargeId,
				sale.paymentIntentId, 5000, "usd", "lost", T0.plus(Duration.ofDays(40)));
		this.inbox.stage(lost);
		this.inbox.stage(lost.redelivered(this.ids));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(lost.eventId())).isEqualTo("PROCESSED");
		assertThat(this.ledger.lines(journal(disputeId, "dispute_loss"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, 4500, "usd"),
				JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_LOSSES, 500, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, 5000, "usd"));
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, "usd")).isEqualTo(fundsBefore);
		assertThat(disputeFundsJournals(disputeId)).as("the withdrawal booked once across both events").isEqualTo(1);
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "usd")).isEqualTo(reserveBefore);
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_LOSSES, "usd") - lossesBefore).isEqualTo(500);
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd") - cashBefore).isEqualTo(10000 - 5000 - 1500);
		assertThat(payable(venue)).isEqualTo(2700);
		assertThat(payable(act)).isEqualTo(1800);
		assertThat(this.alerts.find("dispute_lost:" + disputeId).message()).contains("4500", "500");
		assertThat(this.showLedger.financials(show, ShowLedger.ALL_TIME_FROM, ShowLedger.ALL_TIME_TO).get(0)
			.netPayableCents()).as("lost: the payees' part stays withheld").isEqualTo(payable(venue) + payable(act));
	}

	@Test
	void a_won_dispute_releases_the_reserve_and_a_close_before_the_opening_waits_for_it() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent sale = CheckoutSessionEvent.paid(this.ids, 3333, "gbp").meta("tb_payee", payee).at(T0);
		String chargeId = this.ids.charge();
		String disputeId = "du_1Q" + this.ids.text(22);
		MoneyBackEvent created = MoneyBackEvent.dispute(this.ids, "charge.dispute.created", disputeId,
				chargeId, sale.paymentIntentId, 3333, "gbp", "needs_response", T0.plus(Duration.ofDays(5)));
		MoneyBackEvent won = MoneyBackEvent.dispute(this.ids, "charge.dispute.closed", disputeId, chargeId,
				sale.paymentIntentId, 3333, "gbp", "won", T0.plus(Duration.ofDays(30)));
		long reserveBefore = balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "gbp");
		long cashBefore = balance(LedgerAccounts.PLATFORM_CASH, "gbp");
		long fundsBefore = balance(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, "gbp");
		this.inbox.stage(sale);
		this.inbox.stage(won);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(won.eventId())).isEqualTo("FAILED");

		this.inbox.stage(created);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// 3333 - 333 fee = 3000 to the payee, all of it held
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "gbp").balanceCents()).isZero();
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "gbp") - reserveBefore).isEqualTo(3000);

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(won.eventId())).isEqualTo("PROCESSED");
		long reserveJournal = journal(disputeId, "dispute_reserve");
		assertThat(this.ledger.lines(journal("journal:" + reserveJournal, Ledger.REVERSAL_KIND))).containsExactly(
				JournalLine.credit(LedgerAccounts.payable(payee), 3000, "gbp"),
				JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, 3000, "gbp"));
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "gbp").balanceCents()).isEqualTo(3000);
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, "gbp")).isEqualTo(reserveBefore);
		// won: the 3333 came back (the dispute fee did not); the payee bears nothing, the platform the 1500 fee
		assertThat(this.ledger.lines(journal(MoneyBackEvent.reinstatementOf(disputeId), "dispute_funds")))
			.containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 3333, "gbp"),
					JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, 3333, "gbp"));
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "gbp") - cashBefore).isEqualTo(3333 - 1500);
		assertThat(balance(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, "gbp")).isEqualTo(fundsBefore);
	}

	@Test
	void a_failed_payout_and_a_reversed_transfer_return_the_funds_to_the_payable() throws Exception {
		String bounced = this.ids.account();
		String reversed = this.ids.account();
		String paid = this.ids.account();
		List<CheckoutSessionEvent> sales = List.of(
				CheckoutSessionEvent.paid(this.ids, 3000, "usd").meta("tb_payee", bounced).at(T0),
				CheckoutSessionEvent.paid(this.ids, 3000, "usd").meta("tb_payee", reversed).at(T0.plusSeconds(1)),
				CheckoutSessionEvent.paid(this.ids, 3000, "usd").meta("tb_payee", paid).at(T0.plusSeconds(2)));
		sales.forEach(this.inbox::stage);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Payout bouncedPayout = transferred(bounced, 2700);
		Payout reversedPayout = transferred(reversed, 2700);
		Payout paidPayout = transferred(paid, 2700);
		String bouncedPo = "po_1Q" + this.ids.text(22);
		String paidPo = "po_1Q" + this.ids.text(22);
		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.payouts.markInTransit(bouncedPayout.id(), bouncedPo)).isTrue();
			assertThat(this.payouts.markInTransit(paidPayout.id(), paidPo)).isTrue();
		});
		long returnedBefore = balance(LedgerAccounts.PLATFORM_PAYOUTS_RETURNED, "usd");
		long cashBefore = balance(LedgerAccounts.PLATFORM_CASH, "usd");
		Instant later = T0.plus(Duration.ofDays(2));
		MoneyBackEvent failed = MoneyBackEvent.payout(this.ids, "payout.failed", bounced, bouncedPo,
				2700, "usd", metadata(bouncedPayout), later);
		// the paid payout is matched by metadata alone, as when the payout job's answer was lost
		MoneyBackEvent arrived = MoneyBackEvent.payout(this.ids, "payout.paid", paid, paidPo, 2700,
				"usd", metadata(paidPayout), later.plusSeconds(1));
		Refund firstPart = new Refund("trr_1Q" + this.ids.text(22), 700, later.plusSeconds(2));
		Refund rest = new Refund("trr_1Q" + this.ids.text(22), 2000, later.plusSeconds(3));
		MoneyBackEvent partly = MoneyBackEvent.transferReversed(this.ids, reversedPayout.stripeTransferId(), reversed,
				2700, "usd", metadata(reversedPayout), List.of(firstPart), later.plusSeconds(2));
		MoneyBackEvent wholly = MoneyBackEvent.transferReversed(this.ids, reversedPayout.stripeTransferId(), reversed,
				2700, "usd", metadata(reversedPayout), List.of(firstPart, rest), later.plusSeconds(3));
		List.of(failed, arrived, partly, wholly, partly.redelivered(this.ids), failed.redelivered(this.ids))
			.forEach(this.inbox::stage);

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(List.of(failed, arrived, partly, wholly))
			.allSatisfy((event) -> assertThat(this.inbox.status(event.eventId())).isEqualTo("PROCESSED"));
		Payout afterFailure = this.payouts.find(bouncedPayout.id()).orElseThrow();
		assertThat(afterFailure.status()).isEqualTo(PayoutStatus.FAILED);
		assertThat(afterFailure.failureCode()).isEqualTo("account_closed");
		assertThat(afterFailure.failureJournalId()).as("no journal: the 27.00 is still the payee's, at Stripe")
			.isNull();
		assertThat(payable(bounced)).as("not credited again, so no night transfers it a second time").isZero();
		PayoutFailure failure = this.failures.find(bouncedPo).orElseThrow();
		assertThat(failure.status()).isEqualTo(PayoutFailureStatus.OPEN);
		assertThat(failure.payoutId()).isEqualTo(bouncedPayout.id());
		assertThat(failure.amountCents()).isEqualTo(2700);
		assertThat(failure.failureCode()).isEqualTo("account_closed");
		assertThat(this.failures.list(null, 1000)).filteredOn((f) -> f.stripePayoutId().equals(bouncedPo))
			.as("recorded once, the redelivery too").hasSize(1);
		assertThat(this.alerts.find("payout_failed:" + bouncedPo).severity()).isEqualTo(Severity.WARNING);

		Payout afterReversal = this.payouts.find(reversedPayout.id()).orElseThrow();
		assertThat(afterReversal.status()).isEqualTo(PayoutStatus.REVERSED);
		assertThat(afterReversal.amountReversedCents()).isEqualTo(2700);
		assertThat(this.ledger.lines(journal(firstPart.id(), "transfer_reversal"))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 700, "usd"),
				JournalLine.credit(LedgerAccounts.payable(reversed), 700, "usd"));
		assertThat(payable(reversed)).isEqualTo(2700);
		assertThat(this.alerts.find("transfer_reversed:" + reversedPayout.stripeTransferId() + ":2700")).isNotNull();

		Payout afterPaid = this.payouts.find(paidPayout.id()).orElseThrow();
		assertThat(afterPaid.status()).isEqualTo(PayoutStatus.PAID);
		assertThat(payable(paid)).isZero();

		// only the reversal moves platform cash: +27.00 (700 + 2000); the failed payout books nothing
		assertThat(balance(LedgerAccounts.PLATFORM_PAYOUTS_RETURNED, "usd") - returnedBefore).isZero();
		assertThat(balance(LedgerAccounts.PLATFORM_CASH, "usd") - cashBefore).isEqualTo(2700);
	}

	@Test
	void payout_events_of_rows_not_yet_transferred_wait_for_them_and_unknown_ones_are_ignored() throws Exception {
		String payee = this.ids.account();
		Payout pending = this.transaction.execute((status) -> this.payouts
			.create(payee, BUSINESS_DATE, PayoutKind.NIGHTLY, 1500, "usd", List.of())
			.orElseThrow());
		MoneyBackEvent early = MoneyBackEvent.payout(this.ids, "payout.paid", payee,
				"po_1Q" + this.ids.text(22), 1500, "usd", metadata(pending), T0);
		String automaticPo = "po_1Q" + this.ids.text(22);
		MoneyBackEvent automatic = MoneyBackEvent.payout(this.ids, "payout.failed", payee,
				automaticPo, 990, "usd", Map.of(), T0.plusSeconds(1));
		this.inbox.stage(early);
		this.inbox.stage(automatic);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(early.eventId())).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE event_id = ?", String.class,
				early.eventId())).contains("has not recorded its transfer yet");
		assertThat(this.inbox.status(automatic.eventId())).isEqualTo("IGNORED");
		assertThat(this.alerts.find("payout_failed:" + automaticPo)).isNull();
		assertThat(this.payouts.find(pending.id()).orElseThrow().status()).isEqualTo(PayoutStatus.PENDING);

		// the payout job commits the transfer; the next attempt finds the row and follows it
		recordTransfer(pending);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.inbox.status(early.eventId())).isEqualTo("PROCESSED");
		assertThat(this.payouts.find(pending.id()).orElseThrow().status()).isEqualTo(PayoutStatus.PAID);
	}

	@Test
	void the_database_keeps_payouts_to_their_state_machine_and_once_per_payee_date_and_kind() {
		String payee = this.ids.account();
		Payout payout = this.transaction.execute((status) -> this.payouts
			.create(payee, BUSINESS_DATE, PayoutKind.NIGHTLY, 4200, "eur", List.of("account younger than 7 days"))
			.orElseThrow());

		assertThat(payout.status()).isEqualTo(PayoutStatus.HELD);
		assertThat(payout.idempotencyKey()).isEqualTo("payout:nightly:" + payee + ":eur:2026-11-20");
		assertThat(this.payouts.create(payee, BUSINESS_DATE, PayoutKind.NIGHTLY, 999, "eur", List.of())).isEmpty();
		assertThat(this.payouts.markTransferred(payout.id(), "tr_1Q" + this.ids.text(22), 1)).isFalse();
		assertThatThrownBy(() -> this.jdbc.update("UPDATE payouts SET status = 'PAID' WHERE id = ?", payout.id()))
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> this.jdbc.update("UPDATE payouts SET amount = 1 WHERE id = ?", payout.id()))
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> this.jdbc.update("DELETE FROM payouts WHERE id = ?", payout.id()))
			.isInstanceOf(DataAccessException.class);
		assertThat(this.payouts.release(payout.id())).isTrue();
		assertThat(this.payouts.cancel(payout.id())).isTrue();
		assertThat(this.payouts.release(payout.id())).isFalse();
		assertThat(PayoutStatus.CANCELED.canMoveTo(PayoutStatus.PENDING)).isFalse();
		assertThat(this.payouts.find(payout.id()).orElseThrow().holdReasons())
			.containsExactly("account younger than 7 days");
	}

	/** What the payout job does for a payee: the row, the transfer journal and the transfer id, in one commit. */
	private Payout transferred(String payee, long amountCents) {
		return this.transaction.execute((status) -> recordTransfer(this.payouts
			.create(payee, BUSINESS_DATE, PayoutKind.NIGHTLY, amountCents, "usd", List.of())
			.orElseThrow()));
	}

	/** What the payout job does when Stripe answers: the transfer journal and the transfer id. */
	private Payout recordTransfer(Payout payout) {
		return this.transaction.execute((status) -> {
			String transferId = "tr_1Q" + this.ids.text(22);
			long journalId = this.ledger.post(JournalEntry.of("payout", payout.idempotencyKey(),
					"payout " + payout.id() + " transfer " + transferId, this.clock.instant(),
					List.of(JournalLine.debit(LedgerAccounts.payable(payout.payeeAccount()), payout.amountCents(),
							payout.currency()),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, payout.amountCents(), payout.currency()))))
				.orElseThrow();
			assertThat(this.payouts.markTransferred(payout.id(), transferId, journalId)).isTrue();
			return this.payouts.find(payout.id()).orElseThrow();
		});
	}

	private static Map<String, String> metadata(Payout payout) {
		return Map.of(PayoutConventions.PAYOUT_ID_METADATA, Long.toString(payout.id()),
				PayoutConventions.IDEMPOTENCY_KEY_METADATA, payout.idempotencyKey());
	}

	private JobExecution run() throws Exception {
		return this.jobs.getJobOperator().startNextInstance(this.job);
	}

	private long journal(String sourceId, String kind) {
		return this.ledger.journalId(sourceId, kind).orElseThrow();
	}

	private long disputeFundsJournals(String disputeId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'dispute_funds' AND source_id = ?",
				Long.class, MoneyBackEvent.withdrawalOf(disputeId));
	}

	private long refundJournals(String chargeId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM charge_refunds WHERE charge_id = ?", Long.class, chargeId);
	}

	private long payable(String account) {
		return payable(account, "usd");
	}

	private long payable(String account, String currency) {
		return this.ledger.balance(LedgerAccounts.payable(account), currency).balanceCents();
	}

	private long balance(String account, String currency) {
		return this.ledger.balance(account, currency).balanceCents();
	}

}
