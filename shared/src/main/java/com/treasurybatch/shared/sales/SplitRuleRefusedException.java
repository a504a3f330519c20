package com.treasurybatch.shared.sales;

/** A split rule change the desk refuses, with the reason in plain words. */
public class SplitRuleRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why. */
	public enum Kind {

		/** No such rule. */
		NOT_FOUND,

		/** A rule with that name exists, or the rule is retired. */
		CONFLICT,

		/** A share names an account that is not a known connected account. */
		UNPROCESSABLE

	}

	private final Kind kind;

	/**
	 * @param kind why
	 * @param message plain words
	 */
	public SplitRuleRefusedException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	/** Why it was refused. */
	public Kind kind() {
		return this.kind;
	}

}
