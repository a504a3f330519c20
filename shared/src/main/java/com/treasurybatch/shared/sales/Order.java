package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.Objects;

/**
 * One Stripe Checkout Session's order. Money and references only: no names, no emails.
 *
 * @param checkoutSessionId {@code cs_...}, unique
 * @param paymentIntent {@code pi_...}, or null when nothing was charged
 * @param itemType what was sold, or null when metadata does not say
 * @param itemId the product side's id of what was sold, or null
 * @param splitRuleId the split rule named in metadata (even an unknown one), or null
 * @param splitInline the inline split ({@code acct_...:bps,...}), or null
 * @param payeeInSuspense whether the payee share went to {@code platform:suspense}
 * @param amountTotalCents what the buyer pays, minor units
 * @param currency lowercase ISO 4217 code
 * @param paymentStatus Stripe's {@code payment_status}: paid, unpaid, no_payment_required
 * @param status where the order stands
 * @param journalId the sale journal, or null until paid (and for a zero amount)
 * @param createdAt when Stripe created the session (UTC)
 * @param updatedAt when this system last changed the order (UTC)
 */
public record Order(String checkoutSessionId, String paymentIntent, ItemType itemType, String itemId,
		String splitRuleId, String splitInline, boolean payeeInSuspense, long amountTotalCents, String currency,
		String paymentStatus, OrderStatus status, Long journalId, Instant createdAt, Instant updatedAt) {

	/**
	 * Checks that a paid order with money has its journal.
	 * @throws IllegalArgumentException if a paid, non-zero order has no journal or the amount is negative
	 */
	public Order {
		Objects.requireNonNull(checkoutSessionId, "checkoutSessionId");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(paymentStatus, "paymentStatus");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		if (amountTotalCents < 0) {
			throw new IllegalArgumentException("Order " + checkoutSessionId + " has a negative amount");
		}
		if (status == OrderStatus.PAID && amountTotalCents > 0 && journalId == null) {
			throw new IllegalArgumentException("Paid order " + checkoutSessionId + " needs its sale journal");
		}
	}

}
