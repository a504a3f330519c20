package com.treasurybatch.shared.stripe;

import java.time.Instant;
import java.util.Map;

/**
 * A transfer reversal as Stripe reports it (docs.stripe.com/api/transfer_reversals/object).
 *
 * @param id {@code trr_...}
 * @param transferId {@code tr_...}
 * @param amount minor units (cents) taken back
 * @param currency lowercase ISO code
 * @param metadata as sent
 * @param created creation time (UTC, whole seconds)
 */
public record StripeReversal(String id, String transferId, long amount, String currency,
		Map<String, String> metadata, Instant created) {

	/** Copies the metadata. */
	public StripeReversal {
		metadata = StripeValues.metadata(metadata);
	}

}
