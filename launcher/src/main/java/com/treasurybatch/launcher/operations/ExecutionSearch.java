package com.treasurybatch.launcher.operations;

import java.time.Instant;

/**
 * Which executions the console lists, newest first; every filter optional ({@code null}: all), each served by
 * an index (see {@code schema/V24__console.sql}), pages by "before id" (keyset, never OFFSET).
 *
 * @param jobName only this job
 * @param status only this Spring Batch status (case-insensitive)
 * @param from only executions created at or after this instant (UTC)
 * @param to only executions created before this instant (UTC)
 * @param triggeredBy only those started by this actor (parameter {@code triggered.by})
 * @param channel only those started through this channel ({@code cli, api, schedule, system, console})
 * @param beforeId only executions with a lower id (the last id of the previous page)
 * @param limit how many, 1 to {@link ExecutionQuery#LIMIT_MAX}
 */
public record ExecutionSearch(String jobName, String status, Instant from, Instant to, String triggeredBy,
		String channel, Long beforeId, int limit) {

	/**
	 * Validates limit and status (as {@link ExecutionQuery} does); blank filters become {@code null}.
	 * @throws IllegalArgumentException if the limit is out of range or the status is not a Spring Batch status
	 */
	public ExecutionSearch {
		jobName = blankToNull(jobName);
		triggeredBy = blankToNull(triggeredBy);
		channel = blankToNull(channel);
		status = new ExecutionQuery(null, blankToNull(status), null, limit).status();
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
