package com.treasurybatch.shared.stripe;

/** How a payout reaches the payee's bank (docs.stripe.com/payouts/instant-payouts-banks). */
public enum PayoutMethod {

	/** The standard bank payout, arriving in days. */
	STANDARD("standard"),

	/** An instant payout to a debit card or eligible bank account, where the account supports it. */
	INSTANT("instant");

	private final String apiValue;

	PayoutMethod(String apiValue) {
		this.apiValue = apiValue;
	}

	/** Stripe's name, as sent in {@code method}. */
	public String apiValue() {
		return this.apiValue;
	}

	/**
	 * The method named by Stripe's value.
	 * @throws IllegalArgumentException for an unknown value
	 */
	public static PayoutMethod fromApiValue(String apiValue) {
		for (PayoutMethod method : values()) {
			if (method.apiValue.equals(apiValue)) {
				return method;
			}
		}
		throw new IllegalArgumentException("Unknown payout method '" + apiValue + "'");
	}

}
