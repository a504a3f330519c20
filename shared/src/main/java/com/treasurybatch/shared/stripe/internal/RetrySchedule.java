package com.treasurybatch.shared.stripe.internal;

import java.util.concurrent.ThreadLocalRandom;

import com.treasurybatch.shared.stripe.StripeProperties;

/**
 * When to try a Stripe call again: exponential back-off with full jitter (each delay drawn uniformly in
 * {@code [0, min(max, base * 2^(retry-1))]}, as Stripe's own clients and AWS's "Exponential Backoff and Jitter"
 * recommend, so that many threads hit by the same 429 do not come back together), or Stripe's
 * {@code Retry-After} when it sent one, never beyond the largest delay.
 *
 * @param attemptsMax requests per call at most, the first included
 * @param delayBaseMillis first ceiling, in milliseconds
 * @param delayMaxMillis largest delay, in milliseconds
 */
record RetrySchedule(int attemptsMax, long delayBaseMillis, long delayMaxMillis) {

	/** The schedule configured in the properties. */
	static RetrySchedule of(StripeProperties properties) {
		return new RetrySchedule(properties.retryAttemptsMax(), properties.retryDelayBaseMillis(),
				properties.retryDelayMaxMillis());
	}

	/**
	 * The delay before a retry.
	 * @param retry 1 for the first retry (the second attempt)
	 * @param retryAfterMillis what Stripe asked for, or a negative value when it did not say
	 * @return milliseconds to wait
	 */
	long delayMillis(int retry, long retryAfterMillis) {
		if (retryAfterMillis >= 0) {
			return Math.min(retryAfterMillis, this.delayMaxMillis);
		}
		int doublings = Math.min(retry - 1, 30);
		long ceiling = Math.min(this.delayMaxMillis, this.delayBaseMillis << doublings);
		return (ceiling <= 0) ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
	}

}
