package com.treasurybatch.shared.ledger;

import java.time.Instant;

/**
 * One line of a payee's payable account with the balance after it. Amounts in minor units; a credit raises what
 * the platform owes the payee.
 *
 * @param postingId {@code postings.id}
 * @param journalId its journal
 * @param kind the journal's kind (ledger README, "Journal kinds")
 * @param stripeObject the journal's source: the Stripe object ({@code pi_...}, {@code re_...}, {@code du_...},
 * {@code txn_...}), or {@code journal:<id>}, {@code manual:<id>}, a payout key
 * @param effectiveAt the journal's effective time (UTC)
 * @param description the journal's description
 * @param side {@code D} or {@code C}
 * @param amountCents the posting's amount
 * @param currency lowercase ISO 4217
 * @param balanceCents the payable balance after this line
 */
public record PayeeEntry(long postingId, long journalId, String kind, String stripeObject, Instant effectiveAt,
		String description, String side, long amountCents, String currency, long balanceCents) {

	/** The signed amount: + for a credit, − for a debit. */
	public long signedCents() {
		return "C".equals(this.side) ? this.amountCents : -this.amountCents;
	}

}
