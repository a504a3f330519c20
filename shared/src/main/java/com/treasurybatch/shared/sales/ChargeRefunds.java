package com.treasurybatch.shared.sales;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The refunds booked against sales ({@code charge_refunds}), one row per refund journal. Joins the caller's
 * transaction.
 *
 * <p>Invariants: one row per refund id (a unique key, {@code ON CONFLICT DO NOTHING}); the rows of a charge sum
 * to at most its {@code amount_refunded} (the caller books only what exceeds {@link #bookedCents}, under the
 * order's lock).
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
	 * What was booked for a charge so far.
	 * @param chargeId {@code ch_...}
	 * @return minor units, zero if nothing
	 */
	public long bookedCents(String chargeId) {
		Long booked = this.jdbc.queryForObject(
				"SELECT coalesce(sum(amount), 0)::bigint FROM charge_refunds WHERE charge_id = ?", Long.class, chargeId);
		return (booked != null) ? booked : 0;
	}

	/**
	 * Whether a refund was booked.
	 * @param refundId {@code re_...} or a synthetic id
	 * @return true if it has a row
	 */
	public boolean isBooked(String refundId) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM charge_refunds WHERE refund_id = ?", Long.class,
				refundId);
		return count != null && count > 0;
	}

	/**
	 * Records a booked refund.
	 * @param refundId {@code re_...}, or {@code <charge id>:refunded:<new total>} when the event lists no refunds
	 * @param chargeId {@code ch_...}
	 * @param paymentIntent {@code pi_...}
	 * @param checkoutSessionId the sale
	 * @param amountCents minor units, positive
	 * @param currency lowercase ISO code
	 * @param journalId the refund journal
	 * @param eventId the Stripe event
	 * @return true if recorded, false if that refund id had a row
	 */
	public boolean record(String refundId, String chargeId, String paymentIntent, String checkoutSessionId,
			long amountCents, String currency, long journalId, String eventId) {
		int inserted = this.jdbc.update("""
				INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, amount, currency,
				    journal_id, event_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (refund_id) DO NOTHING
				""", refundId, chargeId, paymentIntent, checkoutSessionId, amountCents, currency, journalId, eventId,
				Timestamp.from(this.clock.instant()));
		return inserted == 1;
	}

}
