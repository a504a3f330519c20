package com.treasurybatch.jobs.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code analytics-rollups} job, under {@code treasury.analytics.rollups} (environment
 * {@code TREASURY_ANALYTICS_ROLLUPS_EVENTS_PER_CHUNK}, ...).
 *
 * @param eventsPerChunk ingestion sequence numbers counted per transaction (one upsert of each rollup and one
 * watermark move), 1 to {@value #EVENTS_PER_CHUNK_MAX}
 * @param changedDaysPerChunk changed (day, type) pairs whose leaderboards are recomputed per transaction, 1 to 1000
 * @param rebuildPartitions runs of consecutive days a rebuild is split into and rebuilt at once (on this node's
 * threads, or on every node's workers with {@code treasury.partitioning.mode=remote}), 1 to 64
 */
@ConfigurationProperties("treasury.analytics.rollups")
public record AnalyticsRollupsProperties(@DefaultValue("1000000") int eventsPerChunk,
		@DefaultValue("100") int changedDaysPerChunk, @DefaultValue("4") int rebuildPartitions) {

	/** Largest chunk of events. */
	public static final int EVENTS_PER_CHUNK_MAX = 10_000_000;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public AnalyticsRollupsProperties {
		if (eventsPerChunk < 1 || eventsPerChunk > EVENTS_PER_CHUNK_MAX) {
			throw new IllegalArgumentException(
					"treasury.analytics.rollups.events-per-chunk must be 1.." + EVENTS_PER_CHUNK_MAX);
		}
		if (changedDaysPerChunk < 1 || changedDaysPerChunk > 1_000) {
			throw new IllegalArgumentException("treasury.analytics.rollups.changed-days-per-chunk must be 1..1000");
		}
		if (rebuildPartitions < 1 || rebuildPartitions > 64) {
			throw new IllegalArgumentException("treasury.analytics.rollups.rebuild-partitions must be 1..64");
		}
	}

}
