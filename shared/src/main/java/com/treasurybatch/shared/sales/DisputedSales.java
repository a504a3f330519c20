package com.treasurybatch.shared.sales;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The sale each Stripe dispute is about ({@code dispute_sales}), so that a show's financials can find the dispute
 * reserve journals of its orders (the journal's source is the dispute id, docs.stripe.com/api/disputes/object).
 * Joins the caller's transaction; one row per dispute id ({@code ON CONFLICT DO NOTHING}: a redelivery adds
 * nothing).
 */
@Repository
public class DisputedSales {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock UTC clock stamping the rows
	 */
	public DisputedSales(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records which sale a dispute is about.
	 * @param disputeId {@code du_...}
	 * @param saleKey the disputed sale's order key ({@code pi_...}, {@code in_...} or {@code cs_...})
	 * @return true if recorded, false if the dispute had a row
	 * @throws IllegalStateException if no order has that sale key
	 */
	public boolean record(String disputeId, String saleKey) {
		int inserted = this.jdbc.update("""
				INSERT INTO dispute_sales (dispute_id, order_id, checkout_session_id, created_at)
				SELECT ?, id, checkout_session_id, ? FROM orders WHERE sale_key = ?
				ON CONFLICT (dispute_id) DO NOTHING""", disputeId, Timestamp.from(this.clock.instant()), saleKey);
		if (inserted == 0) {
			Long known = this.jdbc.queryForObject("SELECT count(*) FROM dispute_sales WHERE dispute_id = ?", Long.class,
					disputeId);
			if (known == null || known == 0) {
				throw new IllegalStateException("Dispute " + disputeId + ": no order has sale key " + saleKey);
			}
		}
		return inserted == 1;
	}

}
