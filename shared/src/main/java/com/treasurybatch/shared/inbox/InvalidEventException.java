package com.treasurybatch.shared.inbox;

/**
 * A payload that cannot be staged: not JSON, or JSON that is not a Stripe event object. An operating error
 * (a bad delivery), not a programmer error: callers reject or skip it and say why.
 */
public class InvalidEventException extends RuntimeException {

	private final Kind kind;

	/**
	 * @param kind what is wrong, for callers that classify rejections
	 * @param reason one line saying what is wrong, fit to show to the sender
	 */
	public InvalidEventException(Kind kind, String reason) {
		super(reason);
		this.kind = kind;
	}

	/** What is wrong with the payload. */
	public Kind kind() {
		return this.kind;
	}

	/** One line saying what is wrong, fit to show to the sender. */
	public String reason() {
		return getMessage();
	}

	/** The classes of invalid payload. */
	public enum Kind {

		/** Not well-formed JSON, or JSON that PostgreSQL's jsonb cannot store. */
		NOT_JSON,

		/** Well-formed JSON, but not a Stripe event object (wrong or missing envelope fields). */
		NOT_AN_EVENT

	}

}
