package com.treasurybatch.shared.stripe.internal;

import java.util.Optional;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import com.stripe.net.HttpHeaders;

import com.treasurybatch.shared.stripe.IdempotencyKeyReusedException;
import com.treasurybatch.shared.stripe.StripeCallException;
import com.treasurybatch.shared.stripe.StripeFailure;
import com.treasurybatch.shared.stripe.StripeRejectedException;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * Turns stripe-java's exceptions into this project's, deciding what is worth retrying
 * (docs.stripe.com/error-low-level, docs.stripe.com/api/errors): network errors, 409 (lock or idempotency key in
 * use), 429 and 5xx are; {@code Stripe-Should-Retry} overrides when Stripe sends it; {@code idempotency_error}
 * never is; every other 4xx is a refusal.
 */
final class StripeErrors {

	private static final String IDEMPOTENCY_ERROR = "idempotency_error";

	private static final int MILLIS_PER_SECOND = 1000;

	private StripeErrors() {
	}

	static StripeCallException translate(String operation, StripeException ex, int attempt) {
		if (ex instanceof ApiConnectionException) {
			StripeFailure failure = new StripeFailure(0, StripeFailure.TYPE_CONNECTION, null, null, null,
					ex.getMessage(), null);
			return new StripeTransientException(operation, failure, attempt, ex);
		}
		StripeError error = ex.getStripeError();
		int status = (ex.getStatusCode() != null) ? ex.getStatusCode() : 0;
		StripeFailure failure = new StripeFailure(status, (error != null) ? error.getType() : null, ex.getCode(),
				(error != null) ? error.getDeclineCode() : null, (error != null) ? error.getParam() : null,
				(error != null && error.getMessage() != null) ? error.getMessage() : ex.getMessage(),
				ex.getRequestId());
		if (IDEMPOTENCY_ERROR.equals(failure.type())) {
			return new IdempotencyKeyReusedException(operation, failure, attempt, ex);
		}
		Optional<String> shouldRetry = header(ex, "Stripe-Should-Retry");
		boolean retryable = shouldRetry.map(Boolean::parseBoolean)
			.orElse(status == 409 || status == 429 || status >= 500 || status == 0);
		return retryable ? new StripeTransientException(operation, failure, attempt, ex)
				: new StripeRejectedException(operation, failure, attempt, ex);
	}

	/** Stripe's {@code Retry-After} in milliseconds (delta-seconds form), or -1 when absent or unreadable. */
	static long retryAfterMillis(StripeException ex) {
		return header(ex, "Retry-After").map(StripeErrors::parseSeconds).orElse(-1L);
	}

	private static long parseSeconds(String value) {
		try {
			long seconds = Long.parseLong(value.strip());
			return (seconds < 0) ? -1 : seconds * MILLIS_PER_SECOND;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static Optional<String> header(StripeException ex, String name) {
		StripeError error = ex.getStripeError();
		if (error == null || error.getLastResponse() == null) {
			return Optional.empty();
		}
		HttpHeaders headers = error.getLastResponse().headers();
		return (headers != null) ? headers.firstValue(name) : Optional.empty();
	}

}
