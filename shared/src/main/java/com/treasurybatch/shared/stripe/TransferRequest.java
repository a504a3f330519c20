package com.treasurybatch.shared.stripe;

import java.util.Map;

/**
 * A transfer from the platform balance to a connected account (docs.stripe.com/api/transfers/create).
 *
 * @param amount minor units (cents), positive
 * @param currency lowercase ISO code, e.g. {@code usd}
 * @param destination the connected account, {@code acct_...}
 * @param transferGroup groups the transfers of one business event (e.g. {@code payouts-2026-11-20}), or null
 * @param metadata up to 50 keys, e.g. the payout row id; never personal data
 * @param description free text shown in the dashboard, or null
 */
public record TransferRequest(long amount, String currency, String destination, String transferGroup,
		Map<String, String> metadata, String description) {

	/**
	 * Checks amount, currency and ids; copies the metadata.
	 * @throws IllegalArgumentException if one is malformed
	 */
	public TransferRequest {
		StripeValues.positiveAmount(amount);
		StripeValues.currency(currency);
		StripeValues.id(destination, "acct_");
		metadata = StripeValues.metadata(metadata);
	}

}
