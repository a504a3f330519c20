package com.treasurybatch.shared.ledger;

/**
 * A manual journal operation refused: no such proposal or journal ({@link Kind#NOT_FOUND}), a decision that breaks
 * the four-eyes rule or comes after another one ({@link Kind#CONFLICT}), or an invalid proposal
 * ({@link Kind#INVALID}). The message says why in plain words.
 */
public class ManualJournalRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why it was refused. */
	public enum Kind {

		/** No such proposal or journal. */
		NOT_FOUND,

		/** Against the proposal's state or the four-eyes rule. */
		CONFLICT,

		/** The proposal itself is wrong. */
		INVALID

	}

	private final Kind kind;

	/**
	 * @param kind why
	 * @param message what, for people
	 */
	public ManualJournalRefusedException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	/** Why it was refused. */
	public Kind kind() {
		return this.kind;
	}

}
