package com.treasurybatch.shared.ledger;

/**
 * The sum of all debits and all credits ever posted in one currency. A sound ledger has them equal.
 *
 * @param currency lowercase ISO 4217 code
 * @param debitsCents sum of debit postings, minor units
 * @param creditsCents sum of credit postings, minor units
 */
public record TrialBalanceLine(String currency, long debitsCents, long creditsCents) {

	/**
	 * Whether debits equal credits in this currency.
	 * @return true when the ledger balances in this currency
	 */
	public boolean balanced() {
		return this.debitsCents == this.creditsCents;
	}

}
