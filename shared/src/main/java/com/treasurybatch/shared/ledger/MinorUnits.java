package com.treasurybatch.shared.ledger;

import java.util.Locale;

/**
 * Minor units as decimal text for people, by the decimals Stripe counts for the currency ({@link Currencies}, from
 * docs.stripe.com/currencies: 0 for JPY and MGA, 2 for USD and ISK, 3 for KWD). Integer arithmetic only. Used by CLI
 * output, emails and report files.
 */
public final class MinorUnits {

	private MinorUnits() {
	}

	/**
	 * The amount alone, e.g. {@code 123456, "usd"} gives {@code 1234.56}, {@code 500, "jpy"} gives {@code 500}.
	 * @param cents minor units, any sign
	 * @param currency ISO 4217 code, any case
	 */
	public static String decimal(long cents, String currency) {
		return text(cents, currency, "%d");
	}

	/** The amount grouped by thousands, e.g. {@code -123456, "usd"} gives {@code -1,234.56}. */
	public static String grouped(long cents, String currency) {
		return text(cents, currency, "%,d");
	}

	/**
	 * The number of decimals of a currency's minor units, as Stripe counts them ({@link Currencies#decimals}).
	 * @throws IllegalArgumentException if the code is null or blank
	 */
	public static int decimals(String currency) {
		return Currencies.decimals(currency);
	}

	private static String text(long cents, String currency, String wholeFormat) {
		int digits = decimals(currency);
		long unit = 1;
		for (int i = 0; i < digits; i++) {
			unit *= 10;
		}
		long absolute = Math.abs(cents);
		String whole = String.format(Locale.ROOT, wholeFormat, absolute / unit);
		String text = (digits == 0) ? whole
				: whole + "." + String.format(Locale.ROOT, "%0" + digits + "d", absolute % unit);
		return (cents < 0) ? "-" + text : text;
	}

}
