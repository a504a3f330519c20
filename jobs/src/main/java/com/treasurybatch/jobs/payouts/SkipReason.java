package com.treasurybatch.jobs.payouts;

import java.util.Locale;

/** Why a payee with a payable balance was not paid by a run; stored lowercase in {@code payout_skips.reason}. */
enum SkipReason {

	/** No {@code account.updated} was ever stored for the payee: nobody knows whether Stripe can pay it. */
	NO_CONNECTED_ACCOUNT,

	/** Stripe's {@code payouts_enabled} is false (requirements due, restricted). */
	PAYOUTS_DISABLED,

	/** The payable is negative (refunds or disputes after a payout): netted against future sales. */
	NEGATIVE_BALANCE,

	/** Nothing left after the cool-off window and open payouts. */
	NOTHING_AVAILABLE,

	/** Available, but once rounded to the currency's payout multiple under its minimum ({@code treasury.payouts.minimum.<currency>}). */
	BELOW_MINIMUM;

	/** The stored code, e.g. {@code payouts_disabled}. */
	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
