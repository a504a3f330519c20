package com.treasurybatch.shared.stripe;

/**
 * Stripe refused the request for a reason a retry will not change: invalid request or missing resource (400,
 * 404), authentication (401), card or account refusal (402), permission (403), or a 5xx Stripe marked
 * {@code Stripe-Should-Retry: false}. Examples of {@link #code()}: {@code balance_insufficient},
 * {@code payouts_not_allowed}, {@code resource_missing} (docs.stripe.com/error-codes).
 */
public final class StripeRejectedException extends StripeCallException {

	/**
	 * @param operation the gateway operation
	 * @param failure Stripe's error
	 * @param attempts requests sent
	 * @param cause the client's exception, or null
	 */
	public StripeRejectedException(String operation, StripeFailure failure, int attempts, Throwable cause) {
		super(operation, failure, attempts, cause);
	}

	/** Always false. */
	@Override
	public boolean retryable() {
		return false;
	}

}
