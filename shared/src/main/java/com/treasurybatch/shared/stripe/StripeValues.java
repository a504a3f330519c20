package com.treasurybatch.shared.stripe;

import java.util.Map;
import java.util.regex.Pattern;

/** Checks shared by the value records of this package. */
final class StripeValues {

	/** Stripe's most metadata keys on one object. */
	static final int METADATA_KEYS_MAX = 50;

	private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

	private StripeValues() {
	}

	static long positiveAmount(long amount) {
		if (amount <= 0) {
			throw new IllegalArgumentException("An amount must be positive minor units (cents), got " + amount);
		}
		return amount;
	}

	static String currency(String currency) {
		if (currency == null || !CURRENCY.matcher(currency).matches()) {
			throw new IllegalArgumentException("A currency must be a lowercase ISO code like 'usd', got '" + currency + "'");
		}
		return currency;
	}

	static String id(String id, String prefix) {
		if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()) {
			throw new IllegalArgumentException("Not a Stripe id starting with '" + prefix + "': '" + id + "'");
		}
		return id;
	}

	static Map<String, String> metadata(Map<String, String> metadata) {
		if (metadata == null) {
			return Map.of();
		}
		if (metadata.size() > METADATA_KEYS_MAX) {
			throw new IllegalArgumentException("Stripe takes at most " + METADATA_KEYS_MAX + " metadata keys");
		}
		return Map.copyOf(metadata);
	}

	static int pageSize(int pageSize) {
		if (pageSize < 1 || pageSize > 100) {
			throw new IllegalArgumentException("A Stripe page holds 1..100 items, got " + pageSize);
		}
		return pageSize;
	}

}
