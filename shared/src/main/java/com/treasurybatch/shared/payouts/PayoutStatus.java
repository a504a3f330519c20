package com.treasurybatch.shared.payouts;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a payout stands. The moves below are the same as the {@code payout_transitions} table that a trigger
 * enforces in the database ({@code schema/V7__payouts.sql}); a same-status update is not a move.
 *
 * <pre>
 * PENDING     -> HELD, TRANSFERRED, FAILED, CANCELED
 * HELD        -> PENDING, CANCELED
 * TRANSFERRED -> IN_TRANSIT, PAID, FAILED, REVERSED
 * IN_TRANSIT  -> PAID, FAILED, REVERSED
 * PAID        -> FAILED (a bank returns a paid payout), REVERSED
 * FAILED      -> PENDING (only when nothing was transferred and no later payout of the payee exists),
 *                REVERSED, CANCELED
 * REVERSED, CANCELED: final
 * </pre>
 */
public enum PayoutStatus {

	/** Written and committed before Stripe is called; holds the idempotency key. */
	PENDING,

	/** Held for manual review; the row's hold reasons say why. */
	HELD,

	/** Stripe created the transfer to the payee's connected account; the transfer journal is posted. */
	TRANSFERRED,

	/** A payout to the payee's bank was created on the connected account. */
	IN_TRANSIT,

	/** Stripe reports the payout arrived ({@code payout.paid}). */
	PAID,

	/**
	 * Stripe refused the transfer (nothing moved), or the bank payout failed ({@code payout.failed}: the funds are
	 * back in the payee's Stripe balance and in their payable).
	 */
	FAILED,

	/** The transfer was reversed in full ({@code transfer.reversed}). */
	REVERSED,

	/** Will not be paid. */
	CANCELED;

	private static final Map<PayoutStatus, Set<PayoutStatus>> MOVES = Map.of(PENDING,
			EnumSet.of(HELD, TRANSFERRED, FAILED, CANCELED), HELD, EnumSet.of(PENDING, CANCELED), TRANSFERRED,
			EnumSet.of(IN_TRANSIT, PAID, FAILED, REVERSED), IN_TRANSIT, EnumSet.of(PAID, FAILED, REVERSED), PAID,
			EnumSet.of(FAILED, REVERSED), FAILED, EnumSet.of(PENDING, REVERSED, CANCELED), REVERSED,
			EnumSet.noneOf(PayoutStatus.class), CANCELED, EnumSet.noneOf(PayoutStatus.class));

	/**
	 * Whether the state machine allows moving from this status to another.
	 * @param next the status wanted
	 * @return true if {@code this -> next} is a move of the state machine
	 */
	public boolean canMoveTo(PayoutStatus next) {
		return MOVES.get(this).contains(next);
	}

	/**
	 * The statuses a payout can be in when it has moved money to the payee (transfer made, not reversed in full).
	 * @return TRANSFERRED, IN_TRANSIT, PAID, FAILED (after a payout)
	 */
	public static Set<PayoutStatus> transferred() {
		return EnumSet.of(TRANSFERRED, IN_TRANSIT, PAID, FAILED);
	}

}
