package com.treasurybatch.shared.payouts;

import java.time.Instant;
import java.util.Objects;

/**
 * One payee and currency the run looks at: either a payout row already written and still PENDING (resumed after a
 * crash, a transient Stripe failure or a release by ops: paid as written, with its key), or a payable balance to
 * decide on. Amounts in minor units of {@code currency}.
 *
 * @param payeeAccount {@code acct_...}
 * @param currency lowercase ISO 4217
 * @param pendingPayoutId the PENDING payout row to pay, or null for a new decision
 * @param balanceCents the payable's ledger balance (credits minus debits; negative when refunds exceeded it)
 * @param coolingCents sale credits still inside the cool-off window
 * @param heldCents open payouts of this payee and currency not yet transferred (PENDING or HELD, other dates)
 * @param soldCents all sale credits ever
 * @param refundedCents all refund and dispute debits ever
 * @param firstSaleAt the first sale credit (UTC), or null
 * @param largestPastPayoutCents the largest payout transferred before, 0 if none
 * @param accountKnown whether an {@code account.updated} was ever stored for the payee
 * @param payoutsEnabled Stripe's {@code payouts_enabled} as last stored
 * @param accountEventAt when the stored account state was created at Stripe (UTC), or null
 */
public record PayoutCandidate(String payeeAccount, String currency, Long pendingPayoutId, long balanceCents,
		long coolingCents, long heldCents, long soldCents, long refundedCents, Instant firstSaleAt,
		long largestPastPayoutCents, boolean accountKnown, boolean payoutsEnabled, Instant accountEventAt) {

	/** Checks the payee and currency. */
	public PayoutCandidate {
		Objects.requireNonNull(payeeAccount, "payeeAccount");
		Objects.requireNonNull(currency, "currency");
	}

	/** A PENDING row to pay as written. */
	static PayoutCandidate pending(long payoutId, String payeeAccount, String currency) {
		return new PayoutCandidate(payeeAccount, currency, payoutId, 0, 0, 0, 0, 0, null, 0, true, true, null);
	}

	/** Minor units payable now: the balance minus what is cooling off and what open payouts already claim. */
	public long availableCents() {
		return Math.subtractExact(Math.subtractExact(this.balanceCents, this.coolingCents), this.heldCents);
	}

}
