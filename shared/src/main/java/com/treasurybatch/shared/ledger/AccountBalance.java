package com.treasurybatch.shared.ledger;

/**
 * One account's totals in one currency.
 *
 * @param accountCode the account, e.g. {@code payable:acct_1IuHosQveW0ONQsd}
 * @param type its type, which says on which side it grows
 * @param currency lowercase ISO 4217 code
 * @param debitsCents sum of its debit postings, minor units
 * @param creditsCents sum of its credit postings, minor units
 */
public record AccountBalance(String accountCode, AccountType type, String currency, long debitsCents,
		long creditsCents) {

	/**
	 * The balance on the account's normal side: debits minus credits for assets and expenses, credits minus
	 * debits for liabilities, equity and revenue. What the platform owes a payee is positive.
	 * @return minor units, negative when the account runs against its normal side
	 * @throws ArithmeticException on overflow (more than 9.2e18 minor units)
	 */
	public long balanceCents() {
		return this.type.isDebitNormal() ? Math.subtractExact(this.debitsCents, this.creditsCents)
				: Math.subtractExact(this.creditsCents, this.debitsCents);
	}

}
