package com.treasurybatch.shared.partitioning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of partitioned steps, under {@code treasury.partitioning} (environment
 * {@code TREASURY_PARTITIONING_MODE}, ...).
 *
 * @param mode {@code local} (default): partitions run on the node that runs the step; {@code remote}: on the
 * workers of every node that shares the database
 * @param workerThreads remote mode: partitions this node runs at once, 0 to {@value #WORKER_THREADS_MAX}; 0 makes a
 * node that only sends requests (a CLI process always has 0: it lives for one command). Each running partition
 * holds one connection of a small pool of its own (outside the application's pool) for as long as it runs
 * @param pollInterval remote mode: how often an idle worker looks for a request, and how often a waiting step reads
 * the job repository for its partitions' ends; 100 ms to 1 minute
 */
@ConfigurationProperties("treasury.partitioning")
public record PartitioningProperties(@DefaultValue("local") PartitioningMode mode,
		@DefaultValue("4") int workerThreads, @DefaultValue("1s") Duration pollInterval) {

	/** Most partitions one node runs at once. */
	public static final int WORKER_THREADS_MAX = 64;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public PartitioningProperties {
		if (workerThreads < 0 || workerThreads > WORKER_THREADS_MAX) {
			throw new IllegalArgumentException(
					"treasury.partitioning.worker-threads must be 0 to " + WORKER_THREADS_MAX + ", was " + workerThreads);
		}
		if (pollInterval.compareTo(Duration.ofMillis(100)) < 0 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"treasury.partitioning.poll-interval must be 100ms to 1m, was " + pollInterval);
		}
	}

}
