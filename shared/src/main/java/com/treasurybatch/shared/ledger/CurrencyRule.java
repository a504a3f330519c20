package com.treasurybatch.shared.ledger;

/**
 * How Stripe counts and accepts amounts of one currency (docs.stripe.com/currencies). See {@link Currencies}.
 *
 * @param currency lowercase ISO 4217 code
 * @param decimals how many decimals Stripe's minor units have: an amount of {@code 10^decimals} minor units is one
 * unit of the currency (0 for JPY, 2 for USD and for ISK, 3 for KWD)
 * @param amountMultiple every amount sent to Stripe is a multiple of this many minor units (10 for the
 * three-decimal currencies, whose last digit must be 0; 100 for ISK, which Stripe writes with two decimals that
 * must be 00; else 1)
 * @param payoutMultiple every transfer and payout amount is a multiple of this many minor units (100 for HUF and
 * TWD, zero-decimal for payouts; else {@code amountMultiple})
 */
public record CurrencyRule(String currency, int decimals, long amountMultiple, long payoutMultiple) {

	/** Minor units in one unit of the currency: {@code 10^decimals}. */
	public long minorUnitsPerUnit() {
		long unit = 1;
		for (int i = 0; i < this.decimals; i++) {
			unit *= 10;
		}
		return unit;
	}

	/**
	 * The largest payable amount not above the given one: rounded down to {@link #payoutMultiple}.
	 * @param minorUnits zero or more
	 * @return e.g. 12345 HUF minor units gives 12300; 1234 KWD gives 1230; 1234 USD gives 1234
	 * @throws IllegalArgumentException if negative
	 */
	public long payableAmount(long minorUnits) {
		if (minorUnits < 0) {
			throw new IllegalArgumentException("A payout amount cannot be negative, got " + minorUnits);
		}
		return minorUnits - (minorUnits % this.payoutMultiple);
	}

}
