package com.treasurybatch.launcher.webhooks;

/** A delivery whose {@code Stripe-Signature} does not prove it came from Stripe, with a one-line reason. */
class SignatureRejectedException extends Exception {

	private final DeliveryOutcome outcome;

	SignatureRejectedException(DeliveryOutcome outcome, String reason) {
		super(reason, null, false, false);
		this.outcome = outcome;
	}

	/** The rejection, as counted in the metrics. */
	DeliveryOutcome outcome() {
		return this.outcome;
	}

}
