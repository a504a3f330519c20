package com.treasurybatch.shared.stripe;

import java.util.Map;

/**
 * A reversal of part or all of a transfer, taking funds back from the connected account
 * (docs.stripe.com/api/transfer_reversals/create).
 *
 * @param transferId {@code tr_...}
 * @param amount minor units (cents) to take back, positive, at most what is left of the transfer
 * @param metadata up to 50 keys, e.g. the refund that caused it
 */
public record ReversalRequest(String transferId, long amount, Map<String, String> metadata) {

	/**
	 * Checks the id and amount; copies the metadata.
	 * @throws IllegalArgumentException if one is malformed
	 */
	public ReversalRequest {
		StripeValues.id(transferId, "tr_");
		StripeValues.positiveAmount(amount);
		metadata = StripeValues.metadata(metadata);
	}

}
