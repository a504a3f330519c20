package com.treasurybatch.shared.payouts;

/**
 * An instant payout request that cannot be recorded: malformed (not a connected account id, bad currency or
 * amount) or a duplicate (one request of the payee in that currency is still open). Recorded in the audit trail as
 * REFUSED before it is thrown.
 */
public class InstantPayoutRefusedException extends RuntimeException {

	private final boolean duplicate;

	InstantPayoutRefusedException(String message, boolean duplicate) {
		super(message);
		this.duplicate = duplicate;
	}

	/** Whether an open request of the payee in that currency exists (else the request was malformed). */
	public boolean duplicate() {
		return this.duplicate;
	}

}
