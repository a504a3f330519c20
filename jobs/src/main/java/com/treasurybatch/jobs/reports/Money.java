package com.treasurybatch.jobs.reports;

import java.util.Locale;

import com.treasurybatch.shared.ledger.MinorUnits;

/**
 * Formats minor units for people: {@code 123456, "usd"} is {@code 1,234.56 USD}; zero-decimal currencies (ISO 4217,
 * e.g. JPY) have no decimals ({@link MinorUnits}).
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
		return MinorUnits.grouped(cents, currency);
	}

}
