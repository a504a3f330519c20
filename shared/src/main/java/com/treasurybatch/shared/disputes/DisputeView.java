package com.treasurybatch.shared.disputes;

import java.util.List;

/**
 * A dispute as the desk shows it.
 *
 * @param dispute the dispute as Stripe reported it last
 * @param payees who the reserve was taken from: the debit lines of its {@code dispute_reserve} journal, account code
 * ({@code payable:acct_...} or {@code platform:suspense}) and minor units
 * @param reserveHeldCents what {@code platform:dispute_reserve} still holds for it: reserved, minus what a won
 * dispute gave back and a lost one wrote off
 * @param notes operators' notes, oldest first
 */
public record DisputeView(DisputeRecord dispute, List<Payee> payees, long reserveHeldCents, List<DisputeNote> notes) {

	/**
	 * One payee's part of the disputed amount.
	 * @param account ledger account code
	 * @param reservedCents minor units held from it at the opening
	 */
	public record Payee(String account, long reservedCents) {
	}

}
