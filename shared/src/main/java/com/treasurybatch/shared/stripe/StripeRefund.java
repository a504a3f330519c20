package com.treasurybatch.shared.stripe;

import java.time.Instant;

/**
 * A refund as Stripe reports it (docs.stripe.com/api/refunds/object).
 *
 * @param id {@code re_...}
 * @param amount minor units
 * @param currency lowercase ISO code
 * @param charge {@code ch_...}
 * @param paymentIntent {@code pi_...}, or null
 * @param status {@code pending}, {@code requires_action}, {@code succeeded}, {@code failed} or {@code canceled}
 * @param created creation time (UTC, whole seconds)
 */
public record StripeRefund(String id, long amount, String currency, String charge, String paymentIntent,
		String status, Instant created) {
}
