package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.Objects;

/**
 * One sale's order: a Checkout Session in payment mode, a PaymentIntent made without Checkout, or one invoice of a
 * subscription (the first one may also have a Checkout Session). Money and references only: no names, no emails.
 *
 * @param saleKey the sale journal's source, unique: {@code pi_...} (payment mode, PaymentIntents), {@code in_...}
 * (subscription invoices), {@code cs_...} (sessions that charged nothing, and sales booked before sale keys)
 * @param checkoutSessionId {@code cs_...}, or null for a sale made without Checkout
 * @param paymentIntent {@code pi_...}, or null when nothing was charged or the invoice's payment is not linked yet
 * @param invoiceId {@code in_...} for a subscription invoice, else null
 * @param subscriptionId {@code sub_...} for a subscription invoice, else null
 * @param itemType what was sold, or null when metadata does not say
 * @param itemId the product side's id of what was sold, or null
 * @param splitRuleId the split rule named in metadata (even an unknown one), or null
 * @param splitInline the inline split ({@code acct_...:bps,...}), or null
 * @param payeeInSuspense whether the payee share went to {@code platform:suspense}
 * @param amountTotalCents what the buyer pays, tax included, minor units
 * @param taxCents the sales tax in it, minor units, 0 to {@code amountTotalCents}
 * @param currency lowercase ISO 4217 code
 * @param paymentStatus Stripe's {@code payment_status} (Checkout: paid, unpaid, no_payment_required) or the
 * invoice's or PaymentIntent's {@code status}
 * @param status where the order stands
 * @param journalId the sale journal, or null until paid (and for a zero amount)
 * @param createdAt when Stripe created the session, invoice or PaymentIntent (UTC)
 * @param updatedAt when this system last changed the order (UTC)
 */
public record Order(String saleKey, String checkoutSessionId, String paymentIntent, String invoiceId,
		String subscriptionId, ItemType itemType, String itemId, String splitRuleId, String splitInline,
		boolean payeeInSuspense, long amountTotalCents, long taxCents, String currency, String paymentStatus,
		OrderStatus status, Long journalId, Instant createdAt, Instant updatedAt) {

	/**
	 * Checks that a paid order with money has its journal.
	 * @throws IllegalArgumentException if a paid, non-zero order has no journal, the amount is negative or the tax
	 * is outside 0 to the amount
	 */
	public Order {
		Objects.requireNonNull(saleKey, "saleKey");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(paymentStatus, "paymentStatus");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		if (amountTotalCents < 0) {
			throw new IllegalArgumentException("Order " + saleKey + " has a negative amount");
		}
		if (taxCents < 0 || taxCents > amountTotalCents) {
			throw new IllegalArgumentException(
					"Order " + saleKey + " has tax " + taxCents + " outside 0.." + amountTotalCents);
		}
		if (status == OrderStatus.PAID && amountTotalCents > 0 && journalId == null) {
			throw new IllegalArgumentException("Paid order " + saleKey + " needs its sale journal");
		}
	}

}
