package com.treasurybatch.shared.stripe;

import java.time.Instant;
import java.util.Map;

/**
 * A transfer as Stripe reports it (docs.stripe.com/api/transfers/object).
 *
 * @param id {@code tr_...}
 * @param amount minor units (cents)
 * @param amountReversed minor units taken back by reversals so far
 * @param currency lowercase ISO code
 * @param destination {@code acct_...}
 * @param transferGroup or null
 * @param metadata as sent
 * @param description or null
 * @param balanceTransactionId the platform's {@code txn_...} for it
 * @param reversed whether it was fully reversed
 * @param created creation time (UTC, whole seconds)
 */
public record StripeTransfer(String id, long amount, long amountReversed, String currency, String destination,
		String transferGroup, Map<String, String> metadata, String description, String balanceTransactionId,
		boolean reversed, Instant created) {

	/** Copies the metadata. */
	public StripeTransfer {
		metadata = StripeValues.metadata(metadata);
	}

}
