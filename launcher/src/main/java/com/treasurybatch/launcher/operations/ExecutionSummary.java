package com.treasurybatch.launcher.operations;

import java.time.Instant;

/**
 * One job execution as listed in history.
 *
 * @param id the execution id (what restart, stop and abandon take)
 * @param jobName the kebab-case job name
 * @param instanceId the job instance (same identifying parameters) this execution belongs
 * to
 * @param status Spring Batch status: STARTING, STARTED, STOPPING, STOPPED, FAILED,
 * COMPLETED, ABANDONED, UNKNOWN
 * @param exitCode Spring Batch exit code, e.g. COMPLETED, FAILED, NOOP
 * @param exitMessage first line of the exit description, at most
 * {@link #EXIT_MESSAGE_SHORT_MAX} characters, or empty
 * @param startedAt when the run started (UTC), {@code null} while waiting for a thread
 * @param endedAt when it ended (UTC), {@code null} while running
 * @param durationMillis run time in milliseconds (up to now while running), {@code null}
 * before the start
 * @param triggeredBy who started it (non-identifying parameter {@code triggered.by}), or
 * {@code null} for runs started outside this service
 * @param triggeredChannel through which channel ({@code cli, api, schedule, system, console}), or
 * {@code null}
 */
public record ExecutionSummary(long id, String jobName, long instanceId, String status, String exitCode,
		String exitMessage, Instant startedAt, Instant endedAt, Long durationMillis, String triggeredBy,
		String triggeredChannel) {

	/** Longest exit message in a summary, in characters. */
	public static final int EXIT_MESSAGE_SHORT_MAX = 200;

	/** Whether the execution is still running (STARTING, STARTED or STOPPING). */
	public boolean running() {
		return "STARTING".equals(this.status) || "STARTED".equals(this.status) || "STOPPING".equals(this.status);
	}

	/**
	 * The first line of an exit description, cut to {@link #EXIT_MESSAGE_SHORT_MAX}
	 * characters.
	 */
	static String shortMessage(String description) {
		if (description == null || description.isBlank()) {
			return "";
		}
		String line = description.strip().lines().findFirst().orElse("");
		return (line.length() <= EXIT_MESSAGE_SHORT_MAX) ? line : line.substring(0, EXIT_MESSAGE_SHORT_MAX - 1) + "…";
	}

}
