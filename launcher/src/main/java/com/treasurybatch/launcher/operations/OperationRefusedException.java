package com.treasurybatch.launcher.operations;

/**
 * A job operation was refused before anything changed; the message says why in plain
 * words, for operators.
 */
public class OperationRefusedException extends RuntimeException {

	private final Refusal refusal;

	/**
	 * @param refusal the kind of refusal
	 * @param message the plain-language reason shown to the operator
	 */
	public OperationRefusedException(Refusal refusal, String message) {
		super(message);
		this.refusal = refusal;
	}

	/**
	 * @param refusal the kind of refusal
	 * @param message the plain-language reason shown to the operator
	 * @param cause what Spring Batch threw, kept for the logs
	 */
	public OperationRefusedException(Refusal refusal, String message, Throwable cause) {
		super(message, cause);
		this.refusal = refusal;
	}

	/** The kind of refusal. */
	public Refusal refusal() {
		return this.refusal;
	}

}
