package com.treasurybatch.shared.stripe;

import java.time.Instant;

/**
 * A payout on a connected account as Stripe reports it (docs.stripe.com/api/payouts/object).
 *
 * @param id {@code po_...}
 * @param account the connected account it was made on, {@code acct_...}
 * @param amount minor units (cents)
 * @param currency lowercase ISO code
 * @param method standard or instant
 * @param status {@code pending}, {@code in_transit}, {@code paid}, {@code failed} or {@code canceled}
 * @param arrivalDate expected arrival (UTC)
 * @param created creation time (UTC, whole seconds)
 * @param failureCode e.g. {@code account_closed}, or null
 */
public record StripePayout(String id, String account, long amount, String currency, PayoutMethod method,
		String status, Instant arrivalDate, Instant created, String failureCode) {
}
