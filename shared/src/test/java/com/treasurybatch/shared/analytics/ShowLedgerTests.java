package com.treasurybatch.shared.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.sales.DisputedSales;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.testing.SettledCharges;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A show's financials from the ledger: which orders are the show's (hold's ticket type, item's ticket type, item
 * id), and sales, refunds, disputes and fees booked the way inbox-processing books them, tied to the payee's
 * payable. Each test has its own shows, sessions and payee.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class ShowLedgerTests {

	static final Instant MONTH = Instant.parse("2031-03-01T00:00:00Z");

	static final Instant NEXT_MONTH = Instant.parse("2031-04-01T00:00:00Z");

	@Autowired
	ShowLedger shows;

	@Autowired
	Ledger ledger;

	@Autowired
	DisputedSales disputedSales;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	String prefix;

	@BeforeEach
	void setUp(TestInfo test) {
		this.prefix = "L" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@Test
	void a_ticket_order_is_its_holds_ticket_types_show_else_its_items_ticket_types_else_its_item_ids() {
		String show = id("show");
		String other = id("other-show");
		ticketType(id("floor"), show);
		ticketType(id("balcony"), other);
		// names the balcony (another show's type) but converted a floor hold: the hold moved the inventory, it wins
		sale(session(1), "2031-03-02T20:00:00Z", 1_000, "ticket", id("balcony"));
		hold(id("floor"), session(1));
		sale(session(2), "2031-03-03T20:00:00Z", 2_000, "ticket", id("floor"));
		sale(session(3), "2031-03-04T20:00:00Z", 4_000, "ticket", id("legacy-show"));
		sale(session(4), "2031-03-05T20:00:00Z", 8_000, "tip", show);

		assertThat(this.jdbc.queryForList("SELECT checkout_session_id || ' ' || show_id || ' ' || matched_by"
				+ " FROM ticket_order_shows WHERE checkout_session_id LIKE ? ORDER BY 1", String.class,
				"cs_" + this.prefix + "%"))
			.containsExactly(session(1) + " " + show + " hold", session(2) + " " + show + " ticket_type",
					session(3) + " " + id("legacy-show") + " item_id");
		assertThat(this.shows.shows(MONTH, NEXT_MONTH)).contains(show, id("legacy-show")).doesNotContain(other);
		assertThat(this.shows.financials(show, MONTH, NEXT_MONTH)).singleElement()
			.satisfies((money) -> {
				assertThat(money.orders()).isEqualTo(2);
				assertThat(money.grossCents()).isEqualTo(3_000);
			});
		assertThat(this.shows.financials(other, MONTH, NEXT_MONTH)).isEmpty();
	}

	@Test
	void refunds_disputes_and_fees_tie_to_what_the_payees_payable_holds_from_the_show() {
		String show = id("show");
		String payee = "acct_" + this.prefix + "P";
		sale(session(1), "2031-03-02T20:00:00Z", 10_000, "ticket", show, payee);
		sale(session(2), "2031-03-03T20:00:00Z", 5_000, "ticket", show, payee);
		sale(session(3), "2031-03-04T20:00:00Z", 4_000, "ticket", show, payee);
		// a 2,000 refund of sale 1 divided as the sale was (10 % fee): 200 fee, 1,800 payee
		refund("re_" + this.prefix + "1", session(1), "2031-03-10T00:00:00Z", 200, 1_800, payee);
		// a dispute of sale 2 (open or lost: the payees' 4,500 held) and of sale 3, won (its 3,600 given back)
		dispute("du_" + this.prefix + "2", session(2), "2031-03-11T00:00:00Z", 4_500, payee, null);
		dispute("du_" + this.prefix + "3", session(3), "2031-03-12T00:00:00Z", 3_600, payee, "2031-03-20T00:00:00Z");
		// after the month: not in the month's figures, in all time's
		refund("re_" + this.prefix + "late", session(1), "2031-04-02T00:00:00Z", 100, 900, payee);
		sale(session(9), "2031-04-03T20:00:00Z", 1_000, "ticket", show, payee);

		ShowFinancials month = this.shows.financials(show, MONTH, NEXT_MONTH).get(0);
		assertThat(month.orders()).isEqualTo(3);
		assertThat(month.grossCents()).isEqualTo(19_000);
		assertThat(month.refundsCents()).isEqualTo(2_000);
		assertThat(month.feesCents()).as("platform fee kept").isEqualTo(1_900 - 200);
		assertThat(month.stripeFeesCents()).as("30 cents per sale, the platform's cost").isEqualTo(90);
		assertThat(month.disputesCents()).isEqualTo(4_500);
		assertThat(month.netPayableCents()).isEqualTo(17_100 - 1_800 - 4_500);
		assertThat(month.grossCents() - month.refundsCents() - month.disputesCents())
			.isEqualTo(month.feesCents() + month.netPayableCents());

		ShowFinancials all = this.shows.financials(show, ShowLedger.ALL_TIME_FROM, ShowLedger.ALL_TIME_TO).get(0);
		assertThat(all.orders()).isEqualTo(4);
		assertThat(all.refundsCents()).isEqualTo(3_000);
		assertThat(all.netPayableCents()).as("the payee's payable holds exactly this show's net")
			.isEqualTo(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents());
	}

	private void ticketType(String id, String show) {
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
				show, "Show " + show, Timestamp.from(Instant.parse("2031-03-20T20:00:00Z")));
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
				VALUES (?, ?, 'Seat', 1000, 'usd', 100, ?, ?)""", id, show,
				Timestamp.from(Instant.parse("2031-01-01T00:00:00Z")), Timestamp.from(Instant.parse("2031-03-20T00:00:00Z")));
	}

	private void hold(String ticketType, String session) {
		this.jdbc.update("""
				INSERT INTO ticket_holds (ticket_type_id, buyer_id, quantity, status, created_at, expires_at, converted_at,
				    checkout_session_id) VALUES (?, 'ct_showledgerbuyer', 1, 'CONVERTED', ?, ?, ?, ?)""", ticketType,
				Timestamp.from(MONTH), Timestamp.from(MONTH.plusSeconds(900)), Timestamp.from(MONTH.plusSeconds(60)),
				session);
	}

	private void sale(String session, String at, long gross, String itemType, String itemId) {
		sale(session, at, gross, itemType, itemId, "acct_" + this.prefix + "P");
	}

	/**
	 * The sale journal of inbox-processing (10 % fee) and its order, and Stripe's fee of 30 as the settlement step
	 * books it: the charge's staged balance transaction and its {@code stripe_fee} journal.
	 */
	private void sale(String session, String at, long gross, String itemType, String itemId, String payee) {
		Instant paidAt = Instant.parse(at);
		String intent = "pi_" + session.substring(3);
		this.transaction.executeWithoutResult((status) -> {
			long journal = this.ledger
				.post(PaidSale.untaxed(intent, paidAt, "usd", gross, 1_000, List.of(new Share(payee, 10_000))).journal())
				.orElseThrow();
			this.jdbc.update("""
					INSERT INTO orders (sale_key, checkout_session_id, payment_intent, item_type, item_id, amount_total,
					    currency, payment_status, status, journal_id, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, 'usd', 'paid', 'PAID', ?, ?, ?)""", intent, session, intent, itemType,
					itemId, gross, journal, Timestamp.from(paidAt), Timestamp.from(paidAt));
			SettledCharges.settle(this.jdbc, this.ledger, intent, gross, 30, "usd", paidAt);
		});
	}

	/** A refund journal divided as the sale was, and its charge_refunds row. */
	private void refund(String refundId, String session, String at, long feeCents, long payeeCents, String payee) {
		Instant when = Instant.parse(at);
		long total = feeCents + payeeCents;
		this.transaction.executeWithoutResult((status) -> {
			long journal = this.ledger.post(JournalEntry.of("refund", refundId, "refund " + refundId, when,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, feeCents, "usd"),
							JournalLine.debit(LedgerAccounts.payable(payee), payeeCents, "usd"),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, total, "usd"))))
				.orElseThrow();
			this.jdbc.update("""
					INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, order_id,
					    amount, currency, journal_id, event_id, created_at)
					SELECT ?, ?, payment_intent, checkout_session_id, id, ?, 'usd', ?, ?, ? FROM orders
					 WHERE checkout_session_id = ?""", refundId, "ch_" + refundId, total, journal, "evt_" + refundId,
					Timestamp.from(when), session);
		});
	}

	/** The reserve journal of charge.dispute.created and, when won, its reversal. */
	private void dispute(String disputeId, String session, String at, long payeeCents, String payee, String wonAt) {
		this.transaction.executeWithoutResult((status) -> {
			long reserve = this.ledger.post(JournalEntry.of("dispute_reserve", disputeId,
					"dispute " + disputeId + " (sale " + session + ")", Instant.parse(at),
					List.of(JournalLine.debit(LedgerAccounts.payable(payee), payeeCents, "usd"),
							JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, payeeCents, "usd"))))
				.orElseThrow();
			this.disputedSales.record(disputeId, "pi_" + session.substring(3));
			if (wonAt != null) {
				this.ledger.reverse(reserve, "dispute " + disputeId + " won", Instant.parse(wonAt));
			}
		});
	}

	private String id(String name) {
		return this.prefix + "-" + name;
	}

	private String session(int n) {
		return "cs_" + this.prefix + "_" + n;
	}

}
