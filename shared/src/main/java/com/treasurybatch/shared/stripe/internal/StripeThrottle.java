package com.treasurybatch.shared.stripe.internal;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.treasurybatch.shared.stripe.StripeFailure;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * The client-side brake on requests to Stripe, shared by every thread that uses one gateway (one gateway bean per
 * process): at most one request per {@code 1/rate} period, never a stored burst, so that the node stays under
 * Stripe's limits (docs.stripe.com/rate-limits: 100 operations/s live, 25/s test) and 429s stay rare.
 *
 * <p>Built on resilience4j's {@code AtomicRateLimiter} with one permit per refresh period: callers reserve
 * permits in arrival order (a compare-and-set on one state) and park until their slot, so a waiting thread is
 * never overtaken by later ones, and unused periods are not saved up (Guava's {@code SmoothBursty} saves up to a
 * second of permits while idle, which allows twice the rate in the following second).
 */
final class StripeThrottle {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final RateLimiter limiter;

	private final Timer waits;

	/**
	 * @param operationsPerSecond requests per second, positive
	 * @param waitSecondsMax longest wait for a permit, in seconds
	 * @param registry where the wait times go ({@code treasury.stripe.throttle.wait})
	 */
	StripeThrottle(double operationsPerSecond, int waitSecondsMax, MeterRegistry registry) {
		long periodNanos = Math.max(1, Math.round(NANOS_PER_SECOND / operationsPerSecond));
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(1)
			.limitRefreshPeriod(Duration.ofNanos(periodNanos))
			.timeoutDuration(Duration.ofSeconds(waitSecondsMax))
			.build();
		this.limiter = RateLimiter.of("stripe", config);
		this.waits = Timer.builder("treasury.stripe.throttle.wait")
			.description("Time Stripe calls waited for the client-side throttle")
			.register(registry);
	}

	/**
	 * Blocks until this thread may send one request.
	 * @param operation for the error
	 * @param attempt the attempt number, for the error
	 * @throws StripeTransientException if no permit came within the wait bound (nothing was sent)
	 */
	void acquire(String operation, int attempt) {
		long start = System.nanoTime();
		boolean permitted = this.limiter.acquirePermission();
		this.waits.record(Duration.ofNanos(System.nanoTime() - start));
		if (!permitted) {
			StripeFailure failure = new StripeFailure(0, StripeFailure.TYPE_THROTTLE_TIMEOUT, null, null, null,
					Thread.currentThread().isInterrupted() ? "interrupted while waiting for the Stripe throttle"
							: "no Stripe throttle permit within the wait bound",
					null);
			throw new StripeTransientException(operation, failure, attempt, null);
		}
	}

}
