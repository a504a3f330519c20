package com.treasurybatch.shared.stripe;

import java.util.Map;
import java.util.Objects;

/**
 * A payout of a connected account's balance, made on that account (docs.stripe.com/api/payouts/create with the
 * {@code Stripe-Account} header, docs.stripe.com/connect/authentication).
 *
 * @param account the connected account, {@code acct_...}
 * @param amount minor units (cents), positive
 * @param currency lowercase ISO code
 * @param method standard or instant
 * @param metadata up to 50 keys
 * @param description free text, or null
 */
public record PayoutRequest(String account, long amount, String currency, PayoutMethod method,
		Map<String, String> metadata, String description) {

	/**
	 * Checks amount, currency and account; copies the metadata.
	 * @throws IllegalArgumentException if one is malformed
	 */
	public PayoutRequest {
		StripeValues.id(account, "acct_");
		StripeValues.positiveAmount(amount);
		StripeValues.currency(currency);
		Objects.requireNonNull(method, "method");
		metadata = StripeValues.metadata(metadata);
	}

}
