package com.treasurybatch.shared.payouts;

/**
 * Where a failed bank payout of ours stands ({@code payout_failures.status}, {@code schema/V25__payout_failures.sql}).
 */
public enum PayoutFailureStatus {

	/** The funds are in the connected account's balance; the reversal of the transfer is still to be made. */
	OPEN,

	/** Stripe made the reversal; {@code transfer.reversed} credits the payable, and a later night pays it again. */
	REVERSAL_MADE,

	/** Stripe refused the reversal (the funds left the connected balance another way): nothing is credited. */
	REVERSAL_REFUSED

}
