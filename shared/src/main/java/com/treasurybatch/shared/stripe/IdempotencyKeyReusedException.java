package com.treasurybatch.shared.stripe;

/**
 * The idempotency key was used before with other parameters or another endpoint: Stripe answered 400 with
 * {@code type=idempotency_error} (docs.stripe.com/api/idempotent_requests). Never retryable: it means two
 * different operations derived the same key, a bug in the key scheme or in the caller's data.
 */
public final class IdempotencyKeyReusedException extends StripeCallException {

	/**
	 * @param operation the gateway operation
	 * @param failure Stripe's error
	 * @param attempts requests sent
	 * @param cause the client's exception, or null
	 */
	public IdempotencyKeyReusedException(String operation, StripeFailure failure, int attempts, Throwable cause) {
		super(operation, failure, attempts, cause);
	}

	/** Always false. */
	@Override
	public boolean retryable() {
		return false;
	}

}
