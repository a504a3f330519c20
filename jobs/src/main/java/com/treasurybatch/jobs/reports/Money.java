package com.treasurybatch.jobs.reports;

import java.util.Currency;
import java.util.Locale;

/**
 * Formats minor units for people: {@code 123456, "usd"} is {@code 1,234.56 USD}; zero-decimal currencies (ISO 4217,
 * e.g. JPY) have no decimals. Integer arithmetic only.
 */
final class Money {

	private Money() {
	}

	/** The amount with its upper-case currency code. */
	static String format(long cents, String currency) {
		return amount(cents, currency) + " " + currency.toUpperCase(Locale.ROOT);
	}

	/** The amount alone, grouped by thousands, e.g. {@code -1,234.56}. */
	static String amount(long cents, String currency) {
		int digits = decimals(currency);
		long unit = 1;
		for (int i = 0; i < digits; i++) {
			unit *= 10;
		}
		long absolute = Math.abs(cents);
		String whole = String.format(Locale.ROOT, "%,d", absolute / unit);
		String text = (digits == 0) ? whole
				: whole + "." + String.format(Locale.ROOT, "%0" + digits + "d", absolute % unit);
		return (cents < 0) ? "-" + text : text;
	}

	private static int decimals(String currency) {
		try {
			return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
		}
		catch (IllegalArgumentException ex) {
			return 2;
		}
	}

}
