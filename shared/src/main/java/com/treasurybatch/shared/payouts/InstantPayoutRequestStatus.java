package com.treasurybatch.shared.payouts;

/** Where an instant payout request stands ({@code schema/V10__instant_payout_requests.sql}). */
public enum InstantPayoutRequestStatus {

	/** Open: waiting for funds past the instant cool-off, or being paid (its payout row is named). */
	REQUESTED,

	/** A Stripe payout was created on the connected account. */
	PAID,

	/** Not paid, with reasons: risk, account state, funds not available in time. */
	REJECTED,

	/** Stripe refused the transfer or the payout, with reasons. */
	FAILED

}
