package com.treasurybatch.simulator;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the simulator injects, settable at run time from any thread (tests, benchmarks). Each applies to
 * requests whose path starts with {@link #onlyFor(String)} (all by default). Injected 429s and 5xx happen before
 * the endpoint runs, so nothing is performed and nothing is saved under the idempotency key, like Stripe's edge
 * answering for an overloaded API; "fail after commit" performs the request, saves its real result under the key,
 * then answers 500, modelling an answer lost between Stripe and the caller's commit.
 */
public final class SimulatorFaults {

	/** Seed of the random draws of {@link #rateLimitFraction(double)}, so runs repeat. */
	static final long RANDOM_SEED = 20261120L;

	private volatile long latencyMillis;

	private final AtomicInteger rateLimitNext = new AtomicInteger();

	private volatile double rateLimitFraction;

	private volatile int retryAfterSeconds = -1;

	private final AtomicInteger serverErrorsNext = new AtomicInteger();

	private volatile int serverErrorStatus = 500;

	private final AtomicInteger failAfterCommitNext = new AtomicInteger();

	private volatile String pathPrefix = "/";

	private final Random random = new Random(RANDOM_SEED);

	SimulatorFaults() {
	}

	/** Delays every answer by this much (requests are still handled on arrival). */
	public SimulatorFaults latency(Duration latency) {
		this.latencyMillis = latency.toMillis();
		return this;
	}

	/** Answers the next {@code count} matching requests with 429 {@code rate_limit}. */
	public SimulatorFaults rateLimitNext(int count) {
		this.rateLimitNext.set(count);
		return this;
	}

	/** Answers this fraction (0..1) of matching requests with 429, drawn from a seeded random sequence. */
	public SimulatorFaults rateLimitFraction(double fraction) {
		if (fraction < 0 || fraction > 1) {
			throw new IllegalArgumentException("fraction must be in 0..1, got " + fraction);
		}
		this.rateLimitFraction = fraction;
		return this;
	}

	/** Sends {@code Retry-After: seconds} with injected 429s; a negative value sends none (the default). */
	public SimulatorFaults retryAfterSeconds(int seconds) {
		this.retryAfterSeconds = seconds;
		return this;
	}

	/** Answers the next {@code count} matching requests with this 5xx status and Stripe's {@code api_error}. */
	public SimulatorFaults serverErrorsNext(int count, int status) {
		if (status < 500 || status > 599) {
			throw new IllegalArgumentException("a server error status is 5xx, got " + status);
		}
		this.serverErrorStatus = status;
		this.serverErrorsNext.set(count);
		return this;
	}

	/** Performs the next {@code count} matching POSTs, then answers 500 instead of their result. */
	public SimulatorFaults failAfterCommitNext(int count) {
		this.failAfterCommitNext.set(count);
		return this;
	}

	/** Restricts the faults to paths starting with this prefix, e.g. {@code /v1/transfers}. */
	public SimulatorFaults onlyFor(String pathPrefix) {
		this.pathPrefix = pathPrefix;
		return this;
	}

	/** Back to no faults and no latency. */
	public SimulatorFaults reset() {
		this.latencyMillis = 0;
		this.rateLimitNext.set(0);
		this.rateLimitFraction = 0;
		this.retryAfterSeconds = -1;
		this.serverErrorsNext.set(0);
		this.failAfterCommitNext.set(0);
		this.pathPrefix = "/";
		return this;
	}

	long latencyMillis() {
		return this.latencyMillis;
	}

	int retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	int serverErrorStatus() {
		return this.serverErrorStatus;
	}

	boolean takeRateLimit(String path) {
		if (!path.startsWith(this.pathPrefix)) {
			return false;
		}
		if (takeOne(this.rateLimitNext)) {
			return true;
		}
		double fraction = this.rateLimitFraction;
		return fraction > 0 && this.random.nextDouble() < fraction;
	}

	boolean takeServerError(String path) {
		return path.startsWith(this.pathPrefix) && takeOne(this.serverErrorsNext);
	}

	boolean takeFailAfterCommit(String path) {
		return path.startsWith(this.pathPrefix) && takeOne(this.failAfterCommitNext);
	}

	private static boolean takeOne(AtomicInteger counter) {
		return counter.getAndUpdate((left) -> (left > 0) ? left - 1 : 0) > 0;
	}

}
