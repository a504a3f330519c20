package com.treasurybatch.shared.payouts;

/** How a payout is made. Stored lowercase in {@code payouts.kind}. */
public enum PayoutKind {

	/** The nightly run for a business date: a transfer to the payee's connected account. */
	NIGHTLY("nightly"),

	/** A payee's request, paid out with {@code method=instant} where the account supports it. */
	INSTANT("instant");

	private final String code;

	PayoutKind(String code) {
		this.code = code;
	}

	/**
	 * The database code.
	 * @return {@code nightly} or {@code instant}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Reads a database code.
	 * @param code {@code nightly} or {@code instant}
	 * @return the kind
	 * @throws IllegalArgumentException for any other code
	 */
	public static PayoutKind fromCode(String code) {
		for (PayoutKind kind : values()) {
			if (kind.code.equals(code)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown payout kind '" + code + "', expected nightly or instant");
	}

}
