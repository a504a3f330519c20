package com.treasurybatch.launcher.cli;

import org.springframework.batch.core.BatchStatus;

/**
 * Exit codes of the CLI: 0 only when the job COMPLETED (or the command did what it was
 * asked).
 */
public final class ExitCodes {

	/** The command did what was asked; a job run COMPLETED. */
	public static final int OK = 0;

	/** A job run ended FAILED (or UNKNOWN). */
	public static final int FAILED = 1;

	/**
	 * The command line is wrong: unknown verb, missing or malformed argument or job
	 * parameter.
	 */
	public static final int USAGE = 2;

	/** A job run ended STOPPED or ABANDONED. */
	public static final int STOPPED = 3;

	/**
	 * The operation was refused: completed instance, job already running, no such job or
	 * execution.
	 */
	public static final int REFUSED = 4;

	/** An unexpected error (database unreachable, bug); the message is on stderr. */
	public static final int ERROR = 5;

	private ExitCodes() {
	}

	/** The exit code for a run that ended with this status. */
	public static int of(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> OK;
			case STOPPED, STOPPING, ABANDONED -> STOPPED;
			default -> FAILED;
		};
	}

}
