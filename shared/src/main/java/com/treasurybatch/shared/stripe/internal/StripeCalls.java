package com.treasurybatch.shared.stripe.internal;

import java.time.Duration;

import com.stripe.exception.StripeException;
import com.stripe.model.StripeObjectInterface;
import com.stripe.net.StripeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import com.treasurybatch.shared.stripe.StripeCallException;
import com.treasurybatch.shared.stripe.StripeFailure;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * Runs one gateway call: each attempt waits for the throttle, sends the same request (same idempotency key, built
 * once by the caller), is timed, and on a transient failure is retried by Spring Framework's
 * {@link RetryTemplate} after a {@link RetrySchedule} delay. What the caller sees is the result or the last
 * attempt's {@link StripeCallException}.
 *
 * <p>Metrics: {@code treasury.stripe.calls}, a timer per HTTP attempt tagged {@code operation},
 * {@code outcome} ({@code success}, {@code replayed}, {@code retryable_error}, {@code rejected},
 * {@code idempotency_error}) and {@code status_class} ({@code 2xx}, {@code 4xx}, {@code 5xx}, {@code none}).
 */
final class StripeCalls {

	/** One HTTP request to Stripe through stripe-java. */
	@FunctionalInterface
	interface Request<T> {

		T send() throws StripeException;

	}

	private final StripeThrottle throttle;

	private final RetrySchedule schedule;

	private final MeterRegistry registry;

	StripeCalls(StripeThrottle throttle, RetrySchedule schedule, MeterRegistry registry) {
		this.throttle = throttle;
		this.schedule = schedule;
		this.registry = registry;
	}

	/**
	 * Sends the request until it succeeds, fails for good, or the attempts run out.
	 * @param operation e.g. {@code transfers.create}, the metric's tag
	 * @param request the request, the same on every attempt
	 * @throws StripeCallException the last attempt's failure
	 */
	<T> T call(String operation, Request<T> request) {
		Attempts<T> attempts = new Attempts<>(operation, request);
		RetryTemplate template = new RetryTemplate(new AttemptsPolicy(attempts));
		try {
			return template.execute(attempts);
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Stripe " + operation + " failed", last);
		}
	}

	/** The attempts of one call and what the last failure asked for. */
	private final class Attempts<T> implements Retryable<T> {

		private final String operation;

		private final Request<T> request;

		private int sent;

		private long retryAfterMillis = -1;

		Attempts(String operation, Request<T> request) {
			this.operation = operation;
			this.request = request;
		}

		@Override
		public T execute() {
			this.sent++;
			this.retryAfterMillis = -1;
			StripeCalls.this.throttle.acquire(this.operation, this.sent);
			long start = System.nanoTime();
			try {
				T result = this.request.send();
				record(start, replayed(result) ? "replayed" : "success", "2xx");
				return result;
			}
			catch (StripeException ex) {
				StripeCallException failure = StripeErrors.translate(this.operation, ex, this.sent);
				this.retryAfterMillis = StripeErrors.retryAfterMillis(ex);
				record(start, outcome(failure), failure.failure().statusClass());
				throw failure;
			}
		}

		@Override
		public String getName() {
			return "stripe " + this.operation;
		}

		private void record(long startNanos, String outcome, String statusClass) {
			Timer.builder("treasury.stripe.calls")
				.description("Requests to Stripe, one per attempt")
				.tag("operation", this.operation)
				.tag("outcome", outcome)
				.tag("status_class", statusClass)
				.register(StripeCalls.this.registry)
				.record(Duration.ofNanos(System.nanoTime() - startNanos));
		}

		private static String outcome(StripeCallException failure) {
			if (failure.retryable()) {
				return "retryable_error";
			}
			return "idempotency_error".equals(failure.failure().type()) ? "idempotency_error" : "rejected";
		}

		private static boolean replayed(Object result) {
			StripeResponse response = (result instanceof StripeResponse raw) ? raw
					: (result instanceof StripeObjectInterface object) ? object.getLastResponse() : null;
			return response != null && response.headers() != null
					&& response.headers().firstValue("Idempotent-Replayed").map(Boolean::parseBoolean).orElse(false);
		}

	}

	/**
	 * Retries transient failures (never a throttle timeout: its wait bound is spent) within the schedule's
	 * attempts, waiting {@link RetrySchedule#delayMillis} with the last failure's {@code Retry-After}.
	 */
	private final class AttemptsPolicy implements RetryPolicy {

		private final Attempts<?> attempts;

		AttemptsPolicy(Attempts<?> attempts) {
			this.attempts = attempts;
		}

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return throwable instanceof StripeTransientException transientFailure
					&& !StripeFailure.TYPE_THROTTLE_TIMEOUT.equals(transientFailure.failure().type());
		}

		@Override
		public BackOff getBackOff() {
			return () -> new BackOffExecution() {

				private int retries;

				@Override
				public long nextBackOff() {
					this.retries++;
					if (this.retries >= StripeCalls.this.schedule.attemptsMax()) {
						return STOP;
					}
					return StripeCalls.this.schedule.delayMillis(this.retries, AttemptsPolicy.this.attempts.retryAfterMillis);
				}

			};
		}

	}

}
