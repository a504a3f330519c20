package com.treasurybatch.shared.stripe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this process talks to Stripe, under {@code treasury.stripe}.
 *
 * @param apiKey secret key, {@code sk_test_...} or {@code sk_live_...} (environment {@code STRIPE_API_KEY}); blank:
 * the launcher starts the local Stripe simulator and uses it
 * @param apiBase base URL of the API, e.g. {@code http://127.0.0.1:12111} (environment
 * {@code TREASURY_STRIPE_API_BASE}); blank: Stripe's own, {@code https://api.stripe.com}
 * @param operationsPerSecond client-side throttle shared by every thread of the process, in requests per second;
 * 0: Stripe's documented limit for the key's mode, 100 live and 25 test (docs.stripe.com/rate-limits)
 * @param connectTimeoutSeconds longest wait for a TCP connection, in seconds
 * @param readTimeoutSeconds longest wait for an answer, in seconds
 * @param retryAttemptsMax requests per call at most, the first included, for 429, 409, 5xx and network errors
 * @param retryDelayBaseMillis first back-off ceiling in milliseconds; the ceiling doubles per retry and each delay
 * is drawn uniformly below it ("full jitter")
 * @param retryDelayMaxMillis largest back-off in milliseconds, {@code Retry-After} included
 * @param throttleWaitSecondsMax longest a caller waits for the throttle before the call fails as transient, in
 * seconds
 */
@ConfigurationProperties("treasury.stripe")
public record StripeProperties(String apiKey, String apiBase, @DefaultValue("0") double operationsPerSecond,
		@DefaultValue("30") int connectTimeoutSeconds, @DefaultValue("80") int readTimeoutSeconds,
		@DefaultValue("5") int retryAttemptsMax, @DefaultValue("500") long retryDelayBaseMillis,
		@DefaultValue("20000") long retryDelayMaxMillis, @DefaultValue("300") int throttleWaitSecondsMax) {

	/** Stripe's live-mode limit, in requests per second. */
	public static final double LIVE_OPERATIONS_PER_SECOND = 100;

	/** Stripe's test-mode limit (and the simulator's default), in requests per second. */
	public static final double TEST_OPERATIONS_PER_SECOND = 25;

	/**
	 * Checks the limits.
	 * @throws IllegalArgumentException if one is out of range
	 */
	public StripeProperties {
		require(operationsPerSecond >= 0 && operationsPerSecond <= 10_000, "operations-per-second", "0..10000");
		require(connectTimeoutSeconds > 0, "connect-timeout-seconds", "positive");
		require(readTimeoutSeconds > 0, "read-timeout-seconds", "positive");
		require(retryAttemptsMax >= 1 && retryAttemptsMax <= 20, "retry-attempts-max", "1..20");
		require(retryDelayBaseMillis >= 0, "retry-delay-base-millis", "zero or positive");
		require(retryDelayMaxMillis >= retryDelayBaseMillis, "retry-delay-max-millis", "at least the base delay");
		require(throttleWaitSecondsMax > 0, "throttle-wait-seconds-max", "positive");
	}

	/** Defaults everywhere, with this key and API base. */
	public static StripeProperties of(String apiKey, String apiBase) {
		return new StripeProperties(apiKey, apiBase, 0, 30, 80, 5, 500, 20_000, 300);
	}

	/** Whether a key is set. */
	public boolean hasApiKey() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	/** The throttle rate: the configured one, else 100/s for a live key and 25/s otherwise. */
	public double effectiveOperationsPerSecond() {
		if (this.operationsPerSecond > 0) {
			return this.operationsPerSecond;
		}
		return (hasApiKey() && this.apiKey.startsWith("sk_live_")) ? LIVE_OPERATIONS_PER_SECOND
				: TEST_OPERATIONS_PER_SECOND;
	}

	/** These settings pointed at another key and API base (the launcher's embedded simulator). */
	public StripeProperties withEndpoint(String apiKey, String apiBase) {
		return new StripeProperties(apiKey, apiBase, this.operationsPerSecond, this.connectTimeoutSeconds,
				this.readTimeoutSeconds, this.retryAttemptsMax, this.retryDelayBaseMillis, this.retryDelayMaxMillis,
				this.throttleWaitSecondsMax);
	}

	/** These settings with another throttle rate, in requests per second. */
	public StripeProperties withOperationsPerSecond(double operationsPerSecond) {
		return new StripeProperties(this.apiKey, this.apiBase, operationsPerSecond, this.connectTimeoutSeconds,
				this.readTimeoutSeconds, this.retryAttemptsMax, this.retryDelayBaseMillis, this.retryDelayMaxMillis,
				this.throttleWaitSecondsMax);
	}

	/** These settings with other retry bounds: attempts per call, base and largest delay in milliseconds. */
	public StripeProperties withRetries(int retryAttemptsMax, long retryDelayBaseMillis, long retryDelayMaxMillis) {
		return new StripeProperties(this.apiKey, this.apiBase, this.operationsPerSecond, this.connectTimeoutSeconds,
				this.readTimeoutSeconds, retryAttemptsMax, retryDelayBaseMillis, retryDelayMaxMillis,
				this.throttleWaitSecondsMax);
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.stripe." + name + " must be " + range);
		}
	}

}
