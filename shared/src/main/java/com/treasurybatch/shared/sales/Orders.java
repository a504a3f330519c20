package com.treasurybatch.shared.sales;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores orders. Joins the caller's transaction.
 *
 * <p>Invariants: one order per sale key (the sale journal's source); an order only moves forward
 * (AWAITING_PAYMENT to PAID or PAYMENT_FAILED), so a late or repeated event about an older state changes nothing;
 * references learnt later (the session of a PaymentIntent booked first, the PaymentIntent of an invoice) are
 * filled in, never overwritten.
 */
@Repository
public class Orders {

	private static final String SAVE_ALL_SQL = """
			INSERT INTO orders AS o (sale_key, checkout_session_id, payment_intent, invoice_id, subscription_id,
			    item_type, item_id, split_rule_id, split_inline, payee_in_suspense, amount_total, tax_amount,
			    currency, payment_status, status, journal_id, created_at, updated_at, split_rule_version)
			SELECT i.sale_key, i.checkout_session_id,
			       coalesce(i.payment_intent, (SELECT ip.payment_intent FROM invoice_payments ip
			                                   WHERE ip.invoice_id = i.invoice_id ORDER BY ip.created_at LIMIT 1)),
			       i.invoice_id, i.subscription_id, i.item_type, i.item_id, i.split_rule_id, i.split_inline,
			       i.payee_in_suspense, i.amount_total, i.tax_amount, i.currency, i.payment_status, i.status,
			       i.journal_id, i.created_at, i.updated_at, i.split_rule_version
			FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			            ?::text[], ?::boolean[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[],
			            ?::timestamptz[], ?::timestamptz[], ?::int[])
			    WITH ORDINALITY AS i (sale_key, checkout_session_id, payment_intent, invoice_id, subscription_id,
			        item_type, item_id, split_rule_id, split_inline, payee_in_suspense, amount_total, tax_amount,
			        currency, payment_status, status, journal_id, created_at, updated_at, split_rule_version, n)
			ORDER BY i.n
			ON CONFLICT (sale_key) DO UPDATE SET
			    checkout_session_id = coalesce(o.checkout_session_id, EXCLUDED.checkout_session_id),
			    payment_intent = coalesce(o.payment_intent, EXCLUDED.payment_intent),
			    invoice_id = coalesce(o.invoice_id, EXCLUDED.invoice_id),
			    subscription_id = coalesce(o.subscription_id, EXCLUDED.subscription_id),
			    payment_status = CASE WHEN o.status = 'AWAITING_PAYMENT' AND EXCLUDED.status <> 'AWAITING_PAYMENT'
			                          THEN EXCLUDED.payment_status ELSE o.payment_status END,
			    status = CASE WHEN o.status = 'AWAITING_PAYMENT' THEN EXCLUDED.status ELSE o.status END,
			    journal_id = coalesce(o.journal_id, EXCLUDED.journal_id),
			    payee_in_suspense = CASE WHEN o.journal_id IS NULL THEN EXCLUDED.payee_in_suspense
			                             ELSE o.payee_in_suspense END,
			    tax_amount = CASE WHEN o.journal_id IS NULL THEN EXCLUDED.tax_amount ELSE o.tax_amount END,
			    split_rule_version = coalesce(o.split_rule_version, EXCLUDED.split_rule_version),
			    updated_at = EXCLUDED.updated_at
			WHERE (o.status = 'AWAITING_PAYMENT' AND EXCLUDED.status <> 'AWAITING_PAYMENT')
			   OR (o.checkout_session_id IS NULL AND EXCLUDED.checkout_session_id IS NOT NULL)
			   OR (o.payment_intent IS NULL AND EXCLUDED.payment_intent IS NOT NULL)
			   OR (o.invoice_id IS NULL AND EXCLUDED.invoice_id IS NOT NULL)
			   OR (o.subscription_id IS NULL AND EXCLUDED.subscription_id IS NOT NULL)
			   OR (o.split_rule_version IS NULL AND EXCLUDED.split_rule_version IS NOT NULL)
			RETURNING o.sale_key
			""";

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public Orders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the order, moves an awaiting one forward, or fills in references it lacked. Anything else is left as
	 * it is. An invoice's order takes its PaymentIntent from {@code invoice_payments} when the event did not name it.
	 * @param order the order as an event describes it
	 * @return true if a row was inserted or changed, false if nothing changed
	 */
	public boolean save(Order order) {
		return save(order, null);
	}

	/**
	 * {@link #save(Order)}, also recording the version of the split rule the sale was booked with, once (a later
	 * event changes nothing), in the same statement.
	 * @param order the order as an event describes it
	 * @param splitRuleVersion the rule's version ({@link SplitRules#findInForce}); null when none applies or the
	 * sale has no journal yet
	 * @return true if a row was inserted or changed, false if nothing changed
	 */
	public boolean save(Order order, Integer splitRuleVersion) {
		return saveAll(List.of(new OrderSave(order, splitRuleVersion)))[0];
	}

	/**
	 * {@link #save(Order, Integer)} for many orders of distinct sale keys in one statement, with the same result as
	 * one call each.
	 * @param saves the orders and the split rule versions they were booked with; no sale key twice
	 * @return per order, in their order: true if a row was inserted or changed
	 * @throws IllegalArgumentException if two orders share a sale key
	 */
	public boolean[] saveAll(List<OrderSave> saves) {
		int size = saves.size();
		if (size == 0) {
			return new boolean[0];
		}
		Object[][] columns = new Object[19][size];
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < size; i++) {
			Order order = saves.get(i).order();
			if (!keys.add(order.saleKey())) {
				throw new IllegalArgumentException("Order " + order.saleKey() + " appears twice in one save");
			}
			Object[] row = { order.saleKey(), order.checkoutSessionId(), order.paymentIntent(), order.invoiceId(),
					order.subscriptionId(), (order.itemType() != null) ? order.itemType().code() : null, order.itemId(),
					order.splitRuleId(), order.splitInline(), order.payeeInSuspense(), order.amountTotalCents(),
					order.taxCents(), order.currency(), order.paymentStatus(), order.status().name(), order.journalId(),
					Timestamp.from(order.createdAt()), Timestamp.from(order.updatedAt()),
					saves.get(i).splitRuleVersion() };
			for (int c = 0; c < row.length; c++) {
				columns[c][i] = row[c];
			}
		}
		String[] types = { "text", "text", "text", "text", "text", "text", "text", "text", "text", "boolean", "bigint",
				"bigint", "text", "text", "text", "bigint", "timestamptz", "timestamptz", "int4" };
		Set<String> changed = new HashSet<>();
		this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(SAVE_ALL_SQL);
			for (int c = 0; c < columns.length; c++) {
				statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
			}
			return statement;
		}, (ResultSet rs) -> {
			changed.add(rs.getString(1));
		});
		boolean[] result = new boolean[size];
		for (int i = 0; i < size; i++) {
			result[i] = changed.contains(saves.get(i).order().saleKey());
		}
		return result;
	}

	/**
	 * An order to save and the version of the split rule its sale was booked with.
	 * @param order the order as an event describes it
	 * @param splitRuleVersion the rule's version; null when none applies or the sale has no journal yet
	 */
	public record OrderSave(Order order, Integer splitRuleVersion) {
	}

	/**
	 * Reads an order by its sale key.
	 * @param saleKey {@code pi_...}, {@code in_...} or {@code cs_...}
	 * @return the order, or empty if none
	 */
	public Optional<Order> find(String saleKey) {
		return this.jdbc.query("SELECT * FROM orders WHERE sale_key = ?", Orders::order, saleKey).stream().findFirst();
	}

	/**
	 * Reads the order of a Checkout Session.
	 * @param checkoutSessionId {@code cs_...}
	 * @return the order, or empty if none
	 */
	public Optional<Order> findByCheckoutSession(String checkoutSessionId) {
		return this.jdbc.query("SELECT * FROM orders WHERE checkout_session_id = ?", Orders::order, checkoutSessionId)
			.stream()
			.findFirst();
	}

	/**
	 * Reads the orders paid by a payment intent (directly, or as the payment of an invoice) and locks them until
	 * the caller's transaction ends, so that refunds and disputes of one sale are booked one after the other.
	 * @param paymentIntent {@code pi_...}
	 * @return the orders, normally none or one; at most two are read (more than one is the caller's error to
	 * report)
	 */
	public List<Order> findByPaymentIntentForUpdate(String paymentIntent) {
		return this.jdbc.query("""
				SELECT * FROM orders
				 WHERE payment_intent = ?
				    OR invoice_id IN (SELECT invoice_id FROM invoice_payments WHERE payment_intent = ?)
				 ORDER BY id LIMIT 2 FOR UPDATE""", Orders::order, paymentIntent, paymentIntent);
	}

	/**
	 * Closes an order whose delayed payment failed: AWAITING_PAYMENT to PAYMENT_FAILED.
	 * @param saleKey the order's sale key
	 * @param paymentStatus Stripe's payment status to record, e.g. {@code unpaid}
	 * @param at when (UTC)
	 * @return true if it moved, false if it was not awaiting payment (paid already, failed already, unknown)
	 */
	public boolean markPaymentFailed(String saleKey, String paymentStatus, Instant at) {
		return this.jdbc.update("""
				UPDATE orders SET status = 'PAYMENT_FAILED', payment_status = ?, updated_at = ?
				 WHERE sale_key = ? AND status = 'AWAITING_PAYMENT'""", paymentStatus, Timestamp.from(at),
				saleKey) == 1;
	}

	/**
	 * The split rule version a sale was booked with.
	 * @param saleKey the order's sale key
	 * @return the version, or empty when the sale named no rule (or none applied)
	 */
	public Optional<Integer> splitRuleVersion(String saleKey) {
		return this.jdbc.queryForList("SELECT split_rule_version FROM orders WHERE sale_key = ?", Integer.class, saleKey)
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst();
	}

	/** Typed, so that a null needs no round trip to ask the driver for the parameter's type. */
	private static Order order(ResultSet rs, int row) throws SQLException {
		String itemType = rs.getString("item_type");
		return new Order(rs.getString("sale_key"), rs.getString("checkout_session_id"), rs.getString("payment_intent"),
				rs.getString("invoice_id"), rs.getString("subscription_id"),
				(itemType != null) ? ItemType.fromCode(itemType) : null, rs.getString("item_id"),
				rs.getString("split_rule_id"), rs.getString("split_inline"), rs.getBoolean("payee_in_suspense"),
				rs.getLong("amount_total"), rs.getLong("tax_amount"), rs.getString("currency"),
				rs.getString("payment_status"),
				OrderStatus.valueOf(rs.getString("status")), rs.getObject("journal_id", Long.class),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
