package com.treasurybatch.launcher.webhooks;

/** A delivery whose signature header does not prove it came from the sender, with a one-line reason. */
public class SignatureRejectedException extends Exception {

	private final DeliveryOutcome outcome;

	SignatureRejectedException(DeliveryOutcome outcome, String reason) {
		super(reason, null, false, false);
		this.outcome = outcome;
	}

	/** The rejection, as counted in the metrics. */
	public DeliveryOutcome outcome() {
		return this.outcome;
	}

}
