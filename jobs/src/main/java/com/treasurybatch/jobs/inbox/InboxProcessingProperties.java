package com.treasurybatch.jobs.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code inbox-processing} job, under {@code treasury.inbox} (environment
 * {@code TREASURY_INBOX_CHUNK_SIZE}, ...).
 *
 * @param chunkSize events per chunk: read, applied and committed together, 1 to {@value #CHUNK_SIZE_MAX}
 * @param retryInitialBackoff wait before retrying an event after its first failure; doubles after each failure
 * @param retryMaxBackoff the longest wait between two attempts
 * @param maxAttempts failed attempts after which an event is left FAILED for good and an alert is raised, 1 to
 * {@value #MAX_ATTEMPTS_MAX}
 */
@ConfigurationProperties("treasury.inbox")
public record InboxProcessingProperties(@DefaultValue("100") int chunkSize,
		@DefaultValue("1m") Duration retryInitialBackoff, @DefaultValue("6h") Duration retryMaxBackoff,
		@DefaultValue("8") int maxAttempts) {

	/** Largest accepted chunk size. */
	public static final int CHUNK_SIZE_MAX = 10_000;

	/** Largest accepted number of attempts. */
	public static final int MAX_ATTEMPTS_MAX = 100;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public InboxProcessingProperties {
		if (chunkSize < 1 || chunkSize > CHUNK_SIZE_MAX) {
			throw new IllegalArgumentException(
					"treasury.inbox.chunk-size must be 1 to " + CHUNK_SIZE_MAX + ", got " + chunkSize);
		}
		if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_MAX) {
			throw new IllegalArgumentException(
					"treasury.inbox.max-attempts must be 1 to " + MAX_ATTEMPTS_MAX + ", got " + maxAttempts);
		}
		if (retryInitialBackoff.isNegative() || retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
			throw new IllegalArgumentException("treasury.inbox.retry-initial-backoff (" + retryInitialBackoff
					+ ") must be zero or more and at most treasury.inbox.retry-max-backoff (" + retryMaxBackoff + ")");
		}
	}

}
