package com.treasurybatch.shared.ledger;

/**
 * The five kinds of ledger account. Assets and expenses grow with debits; liabilities, equity and revenue
 * grow with credits.
 */
public enum AccountType {

	/** What the platform holds, e.g. its balance at Stripe. Debit-normal. */
	ASSET,

	/** What the platform owes, e.g. a payee's share of a sale. Credit-normal. */
	LIABILITY,

	/** The owners' stake. Credit-normal. */
	EQUITY,

	/** What the platform earns, e.g. its fee on sales. Credit-normal. */
	REVENUE,

	/** What the platform spends, e.g. Stripe's processing fees. Debit-normal. */
	EXPENSE;

	/**
	 * Whether a debit increases this account's balance.
	 * @return true for {@link #ASSET} and {@link #EXPENSE}
	 */
	public boolean isDebitNormal() {
		return this == ASSET || this == EXPENSE;
	}

}
