package com.treasurybatch.shared.payouts;

import java.time.Instant;
import java.util.Objects;

/**
 * A failed bank payout of one of our payout rows, as stored in {@code payout_failures}.
 *
 * @param stripePayoutId the {@code po_...} that failed
 * @param payoutId our payout row
 * @param payeeAccount {@code acct_...}
 * @param amountCents minor units returned to the connected account's balance, positive
 * @param currency lowercase ISO 4217 code
 * @param failureCode Stripe's {@code failure_code}
 * @param failureMessage Stripe's {@code failure_message}, or null
 * @param failedAt the {@code payout.failed} event's {@code created} (UTC)
 * @param status where it stands
 * @param reversalAttempt the attempt the next or last reversal request belongs to, from 1
 * @param stripeReversalId {@code trr_...} once Stripe made it, else null
 * @param reversalError Stripe's code and message of a refused reversal, else null
 */
public record PayoutFailure(String stripePayoutId, long payoutId, String payeeAccount, long amountCents,
		String currency, String failureCode, String failureMessage, Instant failedAt, PayoutFailureStatus status,
		int reversalAttempt, String stripeReversalId, String reversalError) {

	/** Checks what every row holds. */
	public PayoutFailure {
		Objects.requireNonNull(stripePayoutId, "stripePayoutId");
		Objects.requireNonNull(status, "status");
	}

	/**
	 * The idempotency key of this failure's reversal request (docs.stripe.com/api/idempotent_requests).
	 * @param payoutKey the payout row's idempotency key
	 * @return {@code <payout key>:reversal:<po_...>:<attempt>}: one reversal per failed payout and attempt
	 */
	public String reversalKey(String payoutKey) {
		return payoutKey + ":reversal:" + this.stripePayoutId + ":" + this.reversalAttempt;
	}

}
