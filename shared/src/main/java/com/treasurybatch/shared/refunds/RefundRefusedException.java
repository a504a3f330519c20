package com.treasurybatch.shared.refunds;

/**
 * A refund or refund request the desk refuses, with the reason in plain words.
 */
public class RefundRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why. */
	public enum Kind {

		/** No such request, or no sale booked for the PaymentIntent or charge. */
		NOT_FOUND,

		/** The request is in another state, or its client id was used with other figures. */
		CONFLICT,

		/** The amount is more than what is left to refund, or Stripe refused the refund. */
		UNPROCESSABLE,

		/** Stripe did not answer: the same call later retries with the same key. */
		UNAVAILABLE

	}

	private final Kind kind;

	private final Long leftCents;

	/**
	 * @param kind why
	 * @param message plain words, naming the figures
	 * @param leftCents what is left to refund, when the amount was refused, else null
	 */
	public RefundRefusedException(Kind kind, String message, Long leftCents) {
		super(message);
		this.kind = kind;
		this.leftCents = leftCents;
	}

	/** Why it was refused. */
	public Kind kind() {
		return this.kind;
	}

	/** What is left to refund (minor units) when the amount was refused, else null. */
	public Long leftCents() {
		return this.leftCents;
	}

}
