package com.treasurybatch.jobs.reports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.testing.SettledCharges;

/**
 * Books sales, refunds and payouts the way inbox-processing and nightly-payouts book them: the sale journal of
 * {@link PaidSale} with its order row, refund journals mirroring the sale's credits, payout journals.
 */
final class ReportFixtures {

	private final Ledger ledger;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	ReportFixtures(Ledger ledger, JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** A paid sale of 10 % platform fee, Stripe fee 30 cents, shares as given; returns the journal id. */
	long sale(String sessionId, Instant paidAt, long grossCents, String currency, String itemType, String itemId,
			List<Share> shares) {
		return this.transaction.execute((status) -> {
			String intent = "pi_" + sessionId.substring(3);
			PaidSale sale = PaidSale.untaxed(intent, paidAt, currency, grossCents, 1000, shares);
			long journalId = this.ledger.post(sale.journal()).orElseThrow();
			this.jdbc.update("""
					INSERT INTO orders (sale_key, checkout_session_id, payment_intent, item_type, item_id, split_inline,
					    amount_total, currency, payment_status, status, journal_id, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'paid', 'PAID', ?, ?, ?)""", intent, sessionId, intent, itemType,
					itemId, null, grossCents, currency, journalId, Timestamp.from(paidAt), Timestamp.from(paidAt));
			SettledCharges.settle(this.jdbc, this.ledger, intent, grossCents, 30, currency, paidAt);
			return journalId;
		});
	}

	/** A sale to one payee. */
	long sale(String sessionId, Instant paidAt, long grossCents, String currency, String itemType, String itemId,
			String payee) {
		return sale(sessionId, paidAt, grossCents, currency, itemType, itemId, List.of(new Share(payee, 10_000)));
	}

	/** A refund taken back from one payee only (no platform fee given back), booked against its sale. */
	void refund(String refundId, String sessionId, Instant at, long cents, String currency, String payee) {
		this.transaction.executeWithoutResult((status) -> {
			long journalId = this.ledger.post(JournalEntry.of("refund", refundId, "refund " + refundId, at,
					List.of(JournalLine.debit(LedgerAccounts.payable(payee), cents, currency),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, cents, currency))))
				.orElseThrow();
			this.jdbc.update("""
					INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, order_id,
					    amount, currency, journal_id, event_id, created_at)
					SELECT ?, ?, payment_intent, checkout_session_id, id, ?, ?, ?, ?, ? FROM orders
					 WHERE checkout_session_id = ?""", refundId, "ch_" + refundId, cents, currency, journalId,
					"evt_" + refundId, Timestamp.from(at), sessionId);
		});
	}

	/**
	 * A refund giving back platform fees too, the way the cumulative allocation books a partial refund of a sale to
	 * one payee: Dr fee_revenue the fee part, Dr payable the rest, Cr cash the refund.
	 */
	void refundWithFee(String refundId, String sessionId, Instant at, long feeCents, long payeeCents,
			String currency, String payee) {
		this.transaction.executeWithoutResult((status) -> {
			long journalId = this.ledger.post(JournalEntry.of("refund", refundId, "refund " + refundId, at,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, feeCents, currency),
							JournalLine.debit(LedgerAccounts.payable(payee), payeeCents, currency),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, feeCents + payeeCents, currency))))
				.orElseThrow();
			this.jdbc.update("""
					INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, order_id,
					    amount, currency, journal_id, event_id, created_at)
					SELECT ?, ?, payment_intent, checkout_session_id, id, ?, ?, ?, ?, ? FROM orders
					 WHERE checkout_session_id = ?""", refundId, "ch_" + refundId, feeCents + payeeCents, currency,
					journalId, "evt_" + refundId, Timestamp.from(at), sessionId);
		});
	}

	/** A payout journal: Dr payable Cr cash. */
	void payout(String sourceId, Instant at, long cents, String currency, String payee) {
		this.transaction.executeWithoutResult((status) -> this.ledger.post(JournalEntry.of("payout", sourceId,
				"payout " + sourceId, at, List.of(JournalLine.debit(LedgerAccounts.payable(payee), cents, currency),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, cents, currency)))));
	}

}
