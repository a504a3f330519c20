package com.treasurybatch.shared.sales;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Repository;

/**
 * Stores orders. Joins the caller's transaction.
 *
 * <p>Invariants: one order per Checkout Session; an order only moves forward (AWAITING_PAYMENT to PAID), so a
 * late or repeated event about an older state changes nothing.
 */
@Repository
public class Orders {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public Orders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the order, or moves an awaiting one to paid. Anything else is left as it is.
	 * @param order the order as an event describes it
	 * @return true if a row was inserted or moved forward, false if nothing changed
	 * @throws IllegalStateException if more than one row changed
	 */
	public boolean save(Order order) {
		int changed = this.jdbc.update("""
				INSERT INTO orders (checkout_session_id, payment_intent, item_type, item_id, split_rule_id, split_inline,
				    payee_in_suspense, amount_total, currency, payment_status, status, journal_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (checkout_session_id) DO UPDATE SET
				    payment_intent = coalesce(EXCLUDED.payment_intent, orders.payment_intent),
				    payment_status = EXCLUDED.payment_status,
				    status = EXCLUDED.status,
				    journal_id = EXCLUDED.journal_id,
				    payee_in_suspense = EXCLUDED.payee_in_suspense,
				    updated_at = EXCLUDED.updated_at
				WHERE orders.status = 'AWAITING_PAYMENT' AND EXCLUDED.status = 'PAID'
				""", order.checkoutSessionId(), text(order.paymentIntent()),
				text((order.itemType() != null) ? order.itemType().code() : null), text(order.itemId()),
				text(order.splitRuleId()), text(order.splitInline()), order.payeeInSuspense(), order.amountTotalCents(),
				order.currency(), order.paymentStatus(), order.status().name(),
				new SqlParameterValue(Types.BIGINT, order.journalId()), Timestamp.from(order.createdAt()),
				Timestamp.from(order.updatedAt()));
		if (changed > 1) {
			throw new IllegalStateException("Saving order " + order.checkoutSessionId() + " changed " + changed + " rows");
		}
		return changed == 1;
	}

	/**
	 * Reads an order.
	 * @param checkoutSessionId {@code cs_...}
	 * @return the order, or empty if none
	 */
	public Optional<Order> find(String checkoutSessionId) {
		return this.jdbc.query("SELECT * FROM orders WHERE checkout_session_id = ?", Orders::order, checkoutSessionId)
			.stream()
			.findFirst();
	}

	/**
	 * Reads the orders paid by a payment intent and locks them until the caller's transaction ends, so that
	 * refunds and disputes of one sale are booked one after the other.
	 * @param paymentIntent {@code pi_...}
	 * @return the orders, normally none or one; at most two are read (more than one is the caller's error to
	 * report)
	 */
	public List<Order> findByPaymentIntentForUpdate(String paymentIntent) {
		return this.jdbc.query("SELECT * FROM orders WHERE payment_intent = ? ORDER BY id LIMIT 2 FOR UPDATE",
				Orders::order, paymentIntent);
	}

	/** Typed, so that a null needs no round trip to ask the driver for the parameter's type. */
	private static SqlParameterValue text(String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	private static Order order(ResultSet rs, int row) throws SQLException {
		String itemType = rs.getString("item_type");
		return new Order(rs.getString("checkout_session_id"), rs.getString("payment_intent"),
				(itemType != null) ? ItemType.fromCode(itemType) : null, rs.getString("item_id"),
				rs.getString("split_rule_id"), rs.getString("split_inline"), rs.getBoolean("payee_in_suspense"),
				rs.getLong("amount_total"), rs.getString("currency"), rs.getString("payment_status"),
				OrderStatus.valueOf(rs.getString("status")), rs.getObject("journal_id", Long.class),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
