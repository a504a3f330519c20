package com.treasurybatch.shared.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One posting of a journal: an amount on one side of one account.
 *
 * @param accountCode the account's code, e.g. {@code platform:cash} or {@code payable:acct_1IuHosQveW0ONQsd}
 * (see {@link LedgerAccounts}); the account is created on first use
 * @param side debit or credit
 * @param amountCents amount in minor units of {@code currency}, strictly positive
 * @param currency lowercase ISO 4217 code as Stripe writes it, e.g. {@code usd}
 */
public record JournalLine(String accountCode, Side side, long amountCents, String currency) {

	private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

	/**
	 * Checks the line on its own.
	 * @throws IllegalArgumentException if the amount is not positive, the currency is not three lowercase letters
	 * or the account code is not one of {@link LedgerAccounts}'s
	 */
	public JournalLine {
		Objects.requireNonNull(accountCode, "accountCode");
		Objects.requireNonNull(side, "side");
		Objects.requireNonNull(currency, "currency");
		if (amountCents <= 0) {
			throw new IllegalArgumentException(
					"A posting amount must be positive (the side gives the direction), got " + amountCents
							+ " on " + accountCode);
		}
		if (!CURRENCY.matcher(currency).matches()) {
			throw new IllegalArgumentException(
					"Currency must be a lowercase ISO 4217 code like 'usd', got '" + currency + "'");
		}
		LedgerAccounts.typeOf(accountCode);
	}

	/**
	 * A debit line.
	 * @param accountCode account code
	 * @param amountCents positive minor units
	 * @param currency lowercase ISO code
	 * @return the line
	 */
	public static JournalLine debit(String accountCode, long amountCents, String currency) {
		return new JournalLine(accountCode, Side.DEBIT, amountCents, currency);
	}

	/**
	 * A credit line.
	 * @param accountCode account code
	 * @param amountCents positive minor units
	 * @param currency lowercase ISO code
	 * @return the line
	 */
	public static JournalLine credit(String accountCode, long amountCents, String currency) {
		return new JournalLine(accountCode, Side.CREDIT, amountCents, currency);
	}

	/**
	 * The same amount on the other side, as a reversal posts it.
	 * @return the mirrored line
	 */
	public JournalLine mirrored() {
		return new JournalLine(this.accountCode, this.side.opposite(), this.amountCents, this.currency);
	}

}
