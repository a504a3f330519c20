package com.treasurybatch.shared.ledger;

/** Which side of an account a posting is on. Stored as {@code D} or {@code C} in {@code postings.side}. */
public enum Side {

	/** Left column: increases assets and expenses. */
	DEBIT("D"),

	/** Right column: increases liabilities, equity and revenue. */
	CREDIT("C");

	private final String code;

	Side(String code) {
		this.code = code;
	}

	/**
	 * The database code.
	 * @return {@code D} or {@code C}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The other side, as a reversal posts it.
	 * @return CREDIT for DEBIT and the other way round
	 */
	public Side opposite() {
		return (this == DEBIT) ? CREDIT : DEBIT;
	}

	/**
	 * Reads a database code.
	 * @param code {@code D} or {@code C}
	 * @return the side
	 * @throws IllegalArgumentException for any other code
	 */
	public static Side fromCode(String code) {
		return switch (code) {
			case "D" -> DEBIT;
			case "C" -> CREDIT;
			default -> throw new IllegalArgumentException("Unknown posting side '" + code + "', expected D or C");
		};
	}

}
