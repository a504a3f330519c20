package com.treasurybatch.launcher.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and timings of job operations ({@code treasury.operations.*}, environment
 * {@code TREASURY_OPERATIONS_*}).
 *
 * @param nodeKind {@code server} (default) or {@code cli}; the CLI sets {@code cli}
 * itself
 * @param runsConcurrentMax job runs executing at once in this process
 * @param runsQueuedMax job runs waiting for a free thread in this process; beyond that a
 * start fails
 * @param heartbeatIntervalSeconds how often this node refreshes its heartbeat row
 * @param nodeDeadAfterSeconds a node whose heartbeat is older than this is dead and its
 * running executions are recovered; at least three heartbeat intervals
 * @param recoveryIntervalSeconds how often the server looks for dead nodes' executions
 * (the CLI looks once, at start-up)
 * @param shutdownWaitSeconds on shutdown, how long running jobs get to stop at a chunk
 * boundary before the process exits anyway (they are then recovered by another node)
 */
@ConfigurationProperties("treasury.operations")
public record OperationsProperties(@DefaultValue("server") NodeKind nodeKind, @DefaultValue("8") int runsConcurrentMax,
		@DefaultValue("32") int runsQueuedMax, @DefaultValue("10") int heartbeatIntervalSeconds,
		@DefaultValue("60") int nodeDeadAfterSeconds, @DefaultValue("60") int recoveryIntervalSeconds,
		@DefaultValue("30") int shutdownWaitSeconds) {

	/**
	 * Checks that the limits make sense.
	 * @throws IllegalArgumentException if a limit is not positive or a node could be
	 * declared dead between two heartbeats
	 */
	public OperationsProperties {
		if (runsConcurrentMax < 1 || runsQueuedMax < 0 || heartbeatIntervalSeconds < 1 || recoveryIntervalSeconds < 1
				|| shutdownWaitSeconds < 0) {
			throw new IllegalArgumentException("treasury.operations limits must be positive");
		}
		if (nodeDeadAfterSeconds < 3 * heartbeatIntervalSeconds) {
			throw new IllegalArgumentException("treasury.operations.node-dead-after-seconds (" + nodeDeadAfterSeconds
					+ ") must be at least three heartbeat intervals (" + 3 * heartbeatIntervalSeconds + ")");
		}
	}

}
