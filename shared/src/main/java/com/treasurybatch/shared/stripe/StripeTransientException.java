package com.treasurybatch.shared.stripe;

/**
 * Stripe could not be reached or asked us to slow down (429, 5xx, 409 lock contention, network error, throttle
 * timeout) through every attempt of one call. Retrying later with the same idempotency key is safe: Stripe either
 * never performed the request or replays its result (docs.stripe.com/error-low-level).
 */
public final class StripeTransientException extends StripeCallException {

	/**
	 * @param operation the gateway operation
	 * @param failure the last attempt's failure
	 * @param attempts requests sent
	 * @param cause the client's exception, or null
	 */
	public StripeTransientException(String operation, StripeFailure failure, int attempts, Throwable cause) {
		super(operation, failure, attempts, cause);
	}

	/** Always true. */
	@Override
	public boolean retryable() {
		return true;
	}

}
