package com.treasurybatch.shared.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.treasurybatch.simulator.SimulatorRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle is shared by every thread of a gateway: requests arrive at the simulator spaced by the configured
 * rate, however many threads call.
 */
class StripeThrottleTests {

	/**
	 * A slow rate, so that a period (125 ms) is long against the arrival jitter of a loaded machine: the checks below
	 * allow less than half a period of jitter, so one request more than the rate allows in any window still fails
	 * them.
	 */
	private static final double RATE_PER_SECOND = 8;

	private static final int CALLS = 16;

	private static final int THREADS = 8;

	private static final int WINDOW_CALLS = 6;

	/** Allowance for HTTP and scheduling delays between a permit and the request's arrival: under half a period. */
	private static final Duration ARRIVAL_JITTER = Duration.ofMillis(60);

	private final SimulatedStripe stripe = new SimulatedStripe(RATE_PER_SECOND);

	@AfterEach
	void close() {
		this.stripe.close();
	}

	@Test
	void calls_from_many_threads_are_spaced_by_the_configured_rate() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		// warm up: class loading and one connection per thread happen between a permit and the request's arrival
		callAll(threads, THREADS);
		this.stripe.simulator.clearRequests();

		callAll(threads, CALLS);
		threads.shutdown();

		List<Instant> arrivals = this.stripe.simulator.requests()
			.stream()
			.map(SimulatorRequest::receivedAt)
			.sorted()
			.toList();
		assertThat(arrivals).hasSize(CALLS);
		// one permit per 1/rate period, none saved up: N requests occupy at least N-1 period boundaries, the first
		// of which may come right after the first request (the limiter's periods are not aligned to it); arrivals
		// also carry HTTP jitter (a new connection for a thread's first request)
		Duration period = Duration.ofNanos(Math.round(1e9 / RATE_PER_SECOND));
		Duration span = Duration.between(arrivals.get(0), arrivals.get(CALLS - 1));
		assertThat(span).isGreaterThanOrEqualTo(period.multipliedBy(CALLS - 2).minus(ARRIVAL_JITTER));
		// and no stretch of WINDOW_CALLS consecutive requests is faster than the rate allows
		for (int i = WINDOW_CALLS - 1; i < CALLS; i++) {
			assertThat(Duration.between(arrivals.get(i - WINDOW_CALLS + 1), arrivals.get(i)))
				.isGreaterThanOrEqualTo(period.multipliedBy(WINDOW_CALLS - 2).minus(ARRIVAL_JITTER));
		}
		assertThat(this.stripe.registry.find("treasury.stripe.throttle.wait").timer().count())
			.isEqualTo(THREADS + CALLS);
	}

	private void callAll(ExecutorService threads, int count) throws Exception {
		List<Future<PlatformBalance>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			calls.add(threads.submit(() -> this.stripe.gateway.retrieveBalance()));
		}
		for (Future<PlatformBalance> call : calls) {
			assertThat(call.get().available("usd")).isEqualTo(1_000_000);
		}
	}

}
