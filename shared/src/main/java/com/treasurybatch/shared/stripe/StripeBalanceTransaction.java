package com.treasurybatch.shared.stripe;

import java.time.Instant;

/**
 * One movement of a Stripe balance (docs.stripe.com/api/balance_transactions/object).
 *
 * @param id {@code txn_...}
 * @param type e.g. {@code charge}, {@code transfer}, {@code transfer_refund}, {@code payout}
 * @param amount gross minor units (cents), negative when money leaves the balance
 * @param fee Stripe's fee in minor units
 * @param net {@code amount - fee}
 * @param currency lowercase ISO code
 * @param sourceId what caused it ({@code ch_...}, {@code tr_...}, {@code po_...}), or null
 * @param status {@code available} or {@code pending}
 * @param reportingCategory Stripe's reporting category, e.g. {@code transfer}
 * @param created creation time (UTC, whole seconds)
 * @param availableOn when the funds become available (UTC)
 * @param paymentIntent the payment intent ({@code pi_...}) of the charge, refund or dispute it moved, read from the
 * expanded {@code source}; null for other sources
 */
public record StripeBalanceTransaction(String id, String type, long amount, long fee, long net, String currency,
		String sourceId, String status, String reportingCategory, Instant created, Instant availableOn, String paymentIntent) {
}
