package com.treasurybatch.launcher.operations;

import java.util.Locale;
import java.util.Set;

/**
 * Which executions to list, newest first.
 *
 * @param jobName only this job, or {@code null} for all
 * @param status only this Spring Batch status (case-insensitive), or {@code null} for all
 * @param beforeId only executions with a lower id (the last id of the previous page), or
 * {@code null}
 * @param limit how many, 1 to {@link #LIMIT_MAX}
 */
public record ExecutionQuery(String jobName, String status, Long beforeId, int limit) {

	/** Executions listed when no limit is given. */
	public static final int LIMIT_DEFAULT = 20;

	/** Most executions one query returns. */
	public static final int LIMIT_MAX = 500;

	private static final Set<String> STATUSES = Set.of("STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED",
			"COMPLETED", "ABANDONED", "UNKNOWN");

	/**
	 * Validates the limit and the status.
	 * @throws IllegalArgumentException if the limit is out of range or the status is not
	 * a Spring Batch status
	 */
	public ExecutionQuery {
		if (limit < 1 || limit > LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX + ", was " + limit);
		}
		if (status != null) {
			status = status.toUpperCase(Locale.ROOT);
			if (!STATUSES.contains(status)) {
				throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
			}
		}
	}

}
