package com.treasurybatch.shared.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hold settings, under {@code treasury.holds} (environment {@code TREASURY_HOLDS_MINUTES}, ...).
 *
 * @param minutes how long a hold keeps tickets for a buyer in checkout, 1 to 1440 (the industry's 10 to 15)
 * @param releaseBatchSize expired holds released per transaction by {@code hold-release}, 1 to 100000: smaller
 * batches hold a ticket type's row lock for less time, so a concurrent checkout waits less
 * @param releasesPerRunMax bound on the holds one run releases; the rest wait for the next minute
 */
@ConfigurationProperties("treasury.holds")
public record HoldProperties(@DefaultValue("10") int minutes, @DefaultValue("2000") int releaseBatchSize,
		@DefaultValue("5000000") long releasesPerRunMax) {

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public HoldProperties {
		if (minutes < 1 || minutes > 1440) {
			throw new IllegalArgumentException("treasury.holds.minutes must be 1..1440, got " + minutes);
		}
		if (releaseBatchSize < 1 || releaseBatchSize > 100_000) {
			throw new IllegalArgumentException(
					"treasury.holds.release-batch-size must be 1..100000, got " + releaseBatchSize);
		}
		if (releasesPerRunMax < 1) {
			throw new IllegalArgumentException("treasury.holds.releases-per-run-max must be positive");
		}
	}

}
