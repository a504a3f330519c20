package com.treasurybatch.shared.sales;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.dao.DataAccessException;
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
	 * @param checkoutSessionId {@code cs_...} of the disputed sale
	 * @throws DataAccessException if the database refuses it (a session id not starting with {@code cs_})
	 */
	public void record(String disputeId, String checkoutSessionId) {
		this.jdbc.update("""
				INSERT INTO dispute_sales (dispute_id, checkout_session_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (dispute_id) DO NOTHING""", disputeId, checkoutSessionId,
				Timestamp.from(this.clock.instant()));
	}

}
