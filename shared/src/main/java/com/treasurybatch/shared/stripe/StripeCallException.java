package com.treasurybatch.shared.stripe;

import java.util.Objects;

/**
 * A Stripe call that did not succeed. Sealed: either worth retrying later with the same idempotency key
 * ({@link StripeTransientException}), or not ({@link StripeRejectedException},
 * {@link IdempotencyKeyReusedException}). Unchecked, so that it crosses Spring Batch's readers and writers.
 */
public abstract sealed class StripeCallException extends RuntimeException
		permits StripeTransientException, StripeRejectedException, IdempotencyKeyReusedException {

	private final String operation;

	private final StripeFailure failure;

	private final int attempts;

	StripeCallException(String operation, StripeFailure failure, int attempts, Throwable cause) {
		super(describe(operation, failure, attempts), cause);
		this.operation = Objects.requireNonNull(operation, "operation");
		this.failure = Objects.requireNonNull(failure, "failure");
		this.attempts = attempts;
	}

	/** Whether the same call, with the same idempotency key, may succeed later. */
	public abstract boolean retryable();

	/** The gateway operation, e.g. {@code transfers.create}. */
	public String operation() {
		return this.operation;
	}

	/** Stripe's error and the HTTP exchange of the last attempt. */
	public StripeFailure failure() {
		return this.failure;
	}

	/** Stripe's error code, e.g. {@code balance_insufficient}, or null. */
	public String code() {
		return this.failure.code();
	}

	/** The HTTP status of the last attempt, 0 when no answer came. */
	public int httpStatus() {
		return this.failure.httpStatus();
	}

	/** How many requests were sent for this call, retries included. */
	public int attempts() {
		return this.attempts;
	}

	private static String describe(String operation, StripeFailure failure, int attempts) {
		return "Stripe " + operation + " failed after " + attempts + " attempt(s): HTTP " + failure.httpStatus()
				+ " type=" + failure.type() + " code=" + failure.code()
				+ ((failure.declineCode() != null) ? " decline_code=" + failure.declineCode() : "")
				+ ((failure.param() != null) ? " param=" + failure.param() : "") + " request=" + failure.requestId()
				+ ": " + failure.message();
	}

}
