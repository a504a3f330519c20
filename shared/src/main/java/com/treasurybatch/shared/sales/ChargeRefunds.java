package com.treasurybatch.shared.sales;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The refunds booked against sales ({@code charge_refunds}), one row per Stripe refund ({@code re_...}) and its
 * journal. Joins the caller's transaction.
 *
 * <p>Invariants: one row per refund id (a unique key, {@code ON CONFLICT DO NOTHING}); a row moves only from
 * BOOKED to FAILED, once, with the journal that reversed it; the booked rows of an order sum to at most its amount
 * (the caller books under the order's lock, {@link RefundAllocation} refuses more).
 */
@Repository
public class ChargeRefunds {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock UTC clock stamping the rows
	 */
	public ChargeRefunds(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * What was booked for a charge so far, net of refunds that failed.
	 * @param chargeId {@code ch_...}
	 * @return minor units, zero if nothing
	 */
	public long bookedCents(String chargeId) {
		Long booked = this.jdbc.queryForObject(
				"SELECT coalesce(sum(amount), 0)::bigint FROM charge_refunds WHERE charge_id = ? AND status = 'BOOKED'",
				Long.class, chargeId);
		return (booked != null) ? booked : 0;
	}

	/**
	 * What the refunds of an order took from each of its sale's share accounts so far, net of failed ones: the
	 * debits minus the credits of their refund and failure journals, cash left out.
	 * @param saleKey the sale's order key
	 * @return account code to minor units (only accounts touched)
	 */
	public Map<String, Long> bookedByAccount(String saleKey) {
		Map<String, Long> booked = new HashMap<>();
		this.jdbc.query("""
				SELECT a.code, sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END)::bigint AS net
				  FROM charge_refunds r
				  JOIN postings p ON p.journal_id = r.journal_id OR p.journal_id = r.failure_journal_id
				  JOIN ledger_accounts a ON a.id = p.account_id
				 WHERE r.order_id = (SELECT id FROM orders WHERE sale_key = ?) AND a.code <> 'platform:cash'
				 GROUP BY a.code""", (rs) -> {
			booked.put(rs.getString("code"), rs.getLong("net"));
		}, saleKey);
		return booked;
	}

	/**
	 * Whether a refund was booked (whatever became of it later).
	 * @param refundId {@code re_...}
	 * @return true if it has a row
	 */
	public boolean isBooked(String refundId) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM charge_refunds WHERE refund_id = ?", Long.class,
				refundId);
		return count != null && count > 0;
	}

	/**
	 * A booked refund, locked until the caller's transaction ends.
	 * @param refundId {@code re_...}
	 * @return its row, or empty
	 */
	public Optional<BookedRefund> findForUpdate(String refundId) {
		return this.jdbc.query("""
				SELECT refund_id, order_id, amount, currency, journal_id, status, failure_journal_id
				  FROM charge_refunds WHERE refund_id = ? FOR UPDATE""",
				(rs, row) -> new BookedRefund(rs.getString("refund_id"), rs.getLong("order_id"), rs.getLong("amount"),
						rs.getString("currency"), rs.getLong("journal_id"), rs.getString("status"),
						rs.getObject("failure_journal_id", Long.class)),
				refundId).stream().findFirst();
	}

	/**
	 * Records a booked refund.
	 * @param refundId {@code re_...}
	 * @param chargeId {@code ch_...}
	 * @param paymentIntent {@code pi_...}
	 * @param order the sale's order
	 * @param amountCents minor units, positive
	 * @param currency lowercase ISO code
	 * @param journalId the refund journal
	 * @param eventId the Stripe event
	 * @return true if recorded, false if that refund id had a row
	 */
	public boolean record(String refundId, String chargeId, String paymentIntent, Order order, long amountCents,
			String currency, long journalId, String eventId) {
		int inserted = this.jdbc.update("""
				INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, order_id, amount,
				    currency, journal_id, event_id, created_at)
				SELECT ?, ?, ?, checkout_session_id, id, ?, ?, ?, ?, ? FROM orders WHERE sale_key = ?
				ON CONFLICT (refund_id) DO NOTHING
				""", refundId, chargeId, paymentIntent, amountCents, currency, journalId, eventId,
				Timestamp.from(this.clock.instant()), order.saleKey());
		return inserted == 1;
	}

	/**
	 * Marks a booked refund FAILED with the journal that reversed it.
	 * @param refundId {@code re_...}
	 * @param failureJournalId the {@code refund_failure} journal
	 * @return true if it moved, false if it was FAILED already
	 */
	public boolean markFailed(String refundId, long failureJournalId) {
		return this.jdbc.update(
				"UPDATE charge_refunds SET status = 'FAILED', failure_journal_id = ? WHERE refund_id = ? AND status = 'BOOKED'",
				failureJournalId, refundId) == 1;
	}

	/**
	 * A refund as booked.
	 * @param refundId {@code re_...}
	 * @param orderId its sale's order
	 * @param amountCents minor units
	 * @param currency lowercase ISO code
	 * @param journalId the refund journal
	 * @param status BOOKED or FAILED
	 * @param failureJournalId the reversing journal once FAILED, else null
	 */
	public record BookedRefund(String refundId, long orderId, long amountCents, String currency, long journalId,
			String status, Long failureJournalId) {

		/**
		 * Whether the refund failed (and was reversed).
		 * @return true once FAILED
		 */
		public boolean failed() {
			return "FAILED".equals(this.status);
		}

	}

}
