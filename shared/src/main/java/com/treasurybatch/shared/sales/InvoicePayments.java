package com.treasurybatch.shared.sales;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Which PaymentIntent paid which invoice ({@code invoice_payments}). From API version 2025-03-31.basil on an
 * invoice no longer names its {@code payment_intent}; the {@code invoice_payment} object does
 * (docs.stripe.com/api/invoice-payment/object: {@code invoice}, {@code payment.payment_intent}). Refunds and disputes
 * of an invoice's charge name only the PaymentIntent, so this is how they find their sale. Joins the caller's
 * transaction.
 *
 * <p>Invariants: one row per {@code inpay_...} id; a row is never changed.
 */
@Repository
public class InvoicePayments {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public InvoicePayments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a link, and sets the PaymentIntent on the invoice's order when that order exists and has none.
	 * @param invoicePaymentId {@code inpay_...}
	 * @param invoiceId {@code in_...}
	 * @param paymentIntent {@code pi_...}
	 * @param amountPaidCents minor units
	 * @param currency lowercase ISO code
	 * @param created when Stripe created the invoice payment (UTC)
	 * @return true if the link is new
	 */
	public boolean record(String invoicePaymentId, String invoiceId, String paymentIntent, long amountPaidCents,
			String currency, Instant created) {
		int inserted = this.jdbc.update("""
				INSERT INTO invoice_payments (invoice_payment_id, invoice_id, payment_intent, amount_paid, currency,
				    created_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (invoice_payment_id) DO NOTHING
				""", invoicePaymentId, invoiceId, paymentIntent, amountPaidCents, currency, Timestamp.from(created));
		this.jdbc.update("UPDATE orders SET payment_intent = ? WHERE invoice_id = ? AND payment_intent IS NULL",
				paymentIntent, invoiceId);
		return inserted == 1;
	}

	/**
	 * The PaymentIntent that paid an invoice, when its {@code invoice_payment} was seen.
	 * @param invoiceId {@code in_...}
	 * @return {@code pi_...}, or empty; with several payments of one invoice, the first one recorded
	 */
	public Optional<String> paymentIntentOf(String invoiceId) {
		return this.jdbc
			.queryForList("SELECT payment_intent FROM invoice_payments WHERE invoice_id = ? ORDER BY created_at LIMIT 1",
					String.class, invoiceId)
			.stream()
			.findFirst();
	}

}
