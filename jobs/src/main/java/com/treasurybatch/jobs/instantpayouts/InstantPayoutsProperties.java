package com.treasurybatch.jobs.instantpayouts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code instant-payouts} job, under {@code treasury.payouts.instant} (environment
 * {@code TREASURY_PAYOUTS_INSTANT_COOL_OFF_HOURS}, ...). The risk rules' own settings and the minimum amount are the
 * nightly ones ({@code treasury.payouts.*}).
 *
 * @param coolOffHours sale credits younger than this many hours are not paid instantly, 0 to
 * {@value #COOL_OFF_HOURS_MAX}; shorter than the nightly cool-off
 * @param riskThreshold risk score in (0,1] at or above which a request is REJECTED; stricter than the nightly one
 * @param waitHoursMax a request whose funds are not available (cool-off, amount) for this many hours is REJECTED
 * @param threads requests paid concurrently, on this job's own pool, 1 to {@value #THREADS_MAX}
 * @param chunkSize requests per chunk, 1 to {@value #CHUNK_SIZE_MAX}; each request commits on its own
 * @param requestsPerRunMax bound on the open requests one run reads; the rest wait for the next minute
 */
@ConfigurationProperties("treasury.payouts.instant")
public record InstantPayoutsProperties(@DefaultValue("24") int coolOffHours, @DefaultValue("0.4") double riskThreshold,
		@DefaultValue("72") int waitHoursMax, @DefaultValue("4") int threads, @DefaultValue("10") int chunkSize,
		@DefaultValue("500") int requestsPerRunMax) {

	/** Longest accepted cool-off, in hours. */
	public static final int COOL_OFF_HOURS_MAX = 24 * 365;

	/** Most threads. */
	public static final int THREADS_MAX = 64;

	/** Largest chunk. */
	public static final int CHUNK_SIZE_MAX = 1000;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public InstantPayoutsProperties {
		require(coolOffHours >= 0 && coolOffHours <= COOL_OFF_HOURS_MAX, "cool-off-hours", "0.." + COOL_OFF_HOURS_MAX);
		require(riskThreshold > 0 && riskThreshold <= 1, "risk-threshold", "in (0, 1]");
		require(waitHoursMax >= 1, "wait-hours-max", "at least 1");
		require(threads >= 1 && threads <= THREADS_MAX, "threads", "1.." + THREADS_MAX);
		require(chunkSize >= 1 && chunkSize <= CHUNK_SIZE_MAX, "chunk-size", "1.." + CHUNK_SIZE_MAX);
		require(requestsPerRunMax >= 1 && requestsPerRunMax <= 10_000, "requests-per-run-max", "1..10000");
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.payouts.instant." + name + " must be " + range);
		}
	}

}
