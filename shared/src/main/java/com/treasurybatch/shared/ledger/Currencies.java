package com.treasurybatch.shared.ledger;

import java.util.Locale;
import java.util.Set;

/**
 * The one table of currency rules as Stripe applies them, from Stripe's currency page (docs.stripe.com/currencies:
 * "Zero-decimal currencies", "Three-decimal currencies", "Special cases"). Amounts everywhere in this project are
 * Stripe's minor units; this says what one minor unit is and which amounts Stripe accepts. Used by the payout jobs
 * (rounding and minimums), by {@link MinorUnits} (every amount shown to people), and by the report writers.
 *
 * <ul>
 * <li>Zero-decimal at Stripe (amount 500 = 500 units): BIF, CLP, DJF, GNF, JPY, KMF, KRW, MGA, PYG, RWF, UGX, VND,
 * VUV, XAF, XOF, XPF. MGA is zero-decimal at Stripe although ISO 4217 gives it two.</li>
 * <li>Three-decimal (amount 5000 = 5.000 units), the last digit always 0: BHD, JOD, KWD, OMR, TND.</li>
 * <li>ISK: two decimals at Stripe although ISO 4217 gives none; the two decimals are always 00 (500 = 5 ISK).</li>
 * <li>HUF and TWD: two decimals, but payouts are zero-decimal: transfer and payout amounts are multiples of 100.</li>
 * <li>Every other code: two decimals.</li>
 * </ul>
 * Integer arithmetic only; no {@link java.util.Currency} lookups (ISO's digits differ from Stripe's for ISK and
 * MGA).
 */
public final class Currencies {

	/** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
	public static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
			"pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");

	/** Stripe's three-decimal currencies, whose amounts end in 0 (docs.stripe.com/currencies#three-decimal). */
	public static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

	/** Two-decimal at Stripe, zero-decimal for payouts: payout amounts in multiples of 100 (special cases). */
	public static final Set<String> PAYOUT_WHOLE_UNITS = Set.of("huf", "twd");

	/** Two decimals at Stripe that must be 00 (special cases: ISK). */
	public static final Set<String> TWO_DECIMALS_ALWAYS_ZERO = Set.of("isk");

	private Currencies() {
	}

	/**
	 * The rules of one currency.
	 * @param currency ISO 4217 code, any case
	 * @return its rule; two decimals and no multiple for a code not listed above
	 * @throws IllegalArgumentException if the code is null or blank
	 */
	public static CurrencyRule rule(String currency) {
		String code = code(currency);
		if (ZERO_DECIMAL.contains(code)) {
			return new CurrencyRule(code, 0, 1, 1);
		}
		if (THREE_DECIMAL.contains(code)) {
			return new CurrencyRule(code, 3, 10, 10);
		}
		if (TWO_DECIMALS_ALWAYS_ZERO.contains(code)) {
			return new CurrencyRule(code, 2, 100, 100);
		}
		if (PAYOUT_WHOLE_UNITS.contains(code)) {
			return new CurrencyRule(code, 2, 1, 100);
		}
		return new CurrencyRule(code, 2, 1, 1);
	}

	/**
	 * Decimals of Stripe's minor units of a currency.
	 * @param currency ISO 4217 code, any case
	 * @return 0, 2 or 3
	 * @throws IllegalArgumentException if the code is null or blank
	 */
	public static int decimals(String currency) {
		return rule(currency).decimals();
	}

	/**
	 * The largest amount not above the given one that Stripe accepts for a transfer or payout.
	 * @param minorUnits zero or more, in the currency's minor units
	 * @param currency ISO 4217 code, any case
	 * @return the amount rounded down to the currency's payout multiple
	 * @throws IllegalArgumentException if negative, or the code is null or blank
	 */
	public static long payableAmount(long minorUnits, String currency) {
		return rule(currency).payableAmount(minorUnits);
	}

	private static String code(String currency) {
		if (currency == null || currency.isBlank()) {
			throw new IllegalArgumentException("A currency code is needed, got '" + currency + "'");
		}
		return currency.toLowerCase(Locale.ROOT);
	}

}
