package com.treasurybatch.shared.payouts;

/**
 * An operator's release or cancel of a payout that cannot be done: no such payout, or not in a status the move
 * leaves from. Recorded in the audit trail as REFUSED before it is thrown.
 */
public class PayoutReviewRefusedException extends RuntimeException {

	private final boolean notFound;

	PayoutReviewRefusedException(String message, boolean notFound) {
		super(message);
		this.notFound = notFound;
	}

	/** Whether the payout does not exist (else it exists in another status). */
	public boolean notFound() {
		return this.notFound;
	}

}
