package com.treasurybatch.shared.stripe;

import java.util.Map;

/**
 * A refund of a charge or PaymentIntent (docs.stripe.com/api/refunds/create): exactly one of {@code charge} and
 * {@code paymentIntent}.
 *
 * @param charge {@code ch_...}, or null
 * @param paymentIntent {@code pi_...}, or null
 * @param amount minor units, positive (Stripe's default, the whole remainder, is never used: the desk always says)
 * @param reason Stripe's {@code reason}: {@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, or null
 * @param metadata up to 50 keys, e.g. the refund request's id; never personal data
 */
public record RefundRequest(String charge, String paymentIntent, long amount, String reason,
		Map<String, String> metadata) {

	/**
	 * Checks the ids, amount and reason; copies the metadata.
	 * @throws IllegalArgumentException if one is malformed, or both or neither of charge and PaymentIntent are given
	 */
	public RefundRequest {
		if ((charge == null) == (paymentIntent == null)) {
			throw new IllegalArgumentException("A refund names either a charge or a PaymentIntent");
		}
		if (charge != null) {
			StripeValues.id(charge, "ch_");
		}
		if (paymentIntent != null) {
			StripeValues.id(paymentIntent, "pi_");
		}
		StripeValues.positiveAmount(amount);
		if (reason != null && !reason.equals("duplicate") && !reason.equals("fraudulent")
				&& !reason.equals("requested_by_customer")) {
			throw new IllegalArgumentException(
					"Stripe's refund reason is duplicate, fraudulent or requested_by_customer, got '" + reason + "'");
		}
		metadata = StripeValues.metadata(metadata);
	}

}
