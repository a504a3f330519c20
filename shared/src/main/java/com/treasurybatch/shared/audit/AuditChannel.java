package com.treasurybatch.shared.audit;

import java.util.Locale;

/** How an action reached the system; stored lower-case in {@code audit_log.channel}. */
public enum AuditChannel {

	/** The command-line interface of the launcher jar. */
	CLI,

	/** The REST API under {@code /api}. */
	API,

	/** A Quartz schedule. */
	SCHEDULE,

	/** The system itself, e.g. recovery of a dead node's executions. */
	SYSTEM,

	/** The operations console in the browser, under {@code /console}. */
	CONSOLE;

	/** The value stored in the database and shown to operators, e.g. {@code cli}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a stored value.
	 * @throws IllegalArgumentException if the value is not one of
	 * {@code cli, api, schedule, system, console}
	 */
	public static AuditChannel fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
