package com.treasurybatch.shared.ledger;

import java.time.Instant;
import java.util.List;

/**
 * The journal of Stripe's fee on one balance transaction: kind {@value #JOURNAL_KIND}, source the balance
 * transaction id ({@code txn_...}), in its currency. Stripe's fees exist only on balance transactions ({@code fee},
 * detailed in {@code fee_details}: docs.stripe.com/api/balance_transactions/object), never in a webhook's charge or
 * session; whoever books one (the settlement step of {@code stripe-reconciliation}, a dispute event listing its
 * balance transactions) books the same journal, unique by its source.
 */
public final class StripeFees {

	/** The kind of a Stripe fee journal. */
	public static final String JOURNAL_KIND = "stripe_fee";

	private StripeFees() {
	}

	/**
	 * The fee journal.
	 * @param balanceTransactionId {@code txn_...}
	 * @param feeCents Stripe's {@code fee}, minor units: positive a cost (Dr {@code platform:stripe_fees} / Cr
	 * {@code platform:cash}), negative a fee given back (the sides swapped)
	 * @param currency the balance transaction's currency, lowercase
	 * @param at the balance transaction's {@code created} (UTC)
	 * @param description ids and amounts only
	 * @return a balanced entry
	 * @throws IllegalArgumentException if the fee is zero
	 */
	public static JournalEntry journal(String balanceTransactionId, long feeCents, String currency, Instant at,
			String description) {
		if (feeCents == 0) {
			throw new IllegalArgumentException("No fee to book on " + balanceTransactionId);
		}
		long cents = Math.abs(feeCents);
		List<JournalLine> lines = (feeCents > 0)
				? List.of(JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, cents, currency),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, cents, currency))
				: List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, currency),
						JournalLine.credit(LedgerAccounts.PLATFORM_STRIPE_FEES, cents, currency));
		return JournalEntry.of(JOURNAL_KIND, balanceTransactionId, description, at, lines);
	}

}
