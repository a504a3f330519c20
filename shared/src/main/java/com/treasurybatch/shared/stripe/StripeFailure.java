package com.treasurybatch.shared.stripe;

/**
 * What Stripe said when a call failed: its error object (docs.stripe.com/api/errors:
 * {@code {"error":{"type","code","decline_code","message","param"}}}) and the HTTP exchange around it.
 *
 * @param httpStatus the HTTP status, or 0 when no answer came (network error, throttle timeout)
 * @param type {@code api_error}, {@code card_error}, {@code idempotency_error}, {@code invalid_request_error};
 * {@link #TYPE_CONNECTION} or {@link #TYPE_THROTTLE_TIMEOUT} when no answer came
 * @param code e.g. {@code balance_insufficient}, {@code resource_missing}, {@code rate_limit}, or null
 * @param declineCode a card issuer's reason, or null
 * @param param the parameter at fault, or null
 * @param message Stripe's message (or the local cause), for people
 * @param requestId Stripe's {@code Request-Id} ({@code req_...}), or null
 */
public record StripeFailure(int httpStatus, String type, String code, String declineCode, String param,
		String message, String requestId) {

	/** Type of a failure where no HTTP answer came: connection refused or reset, timeout. */
	public static final String TYPE_CONNECTION = "api_connection_error";

	/** Type of a failure where the client-side throttle gave no permit in time: nothing was sent. */
	public static final String TYPE_THROTTLE_TIMEOUT = "throttle_timeout";

	/** {@code 2xx}, {@code 4xx}, {@code 5xx}, or {@code none} when no answer came. */
	public String statusClass() {
		return (this.httpStatus == 0) ? "none" : (this.httpStatus / 100) + "xx";
	}

}
