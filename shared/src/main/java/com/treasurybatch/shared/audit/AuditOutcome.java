package com.treasurybatch.shared.audit;

import java.util.Locale;

/** How an audited action ended; stored lower-case in {@code audit_log.outcome}. */
public enum AuditOutcome {

	/** The action was carried out. */
	OK,

	/**
	 * The action was refused before anything changed (e.g. the instance already
	 * completed).
	 */
	REFUSED,

	/** The action failed unexpectedly; the detail says why. */
	ERROR;

	/** The value stored in the database, e.g. {@code ok}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a stored value.
	 * @throws IllegalArgumentException if the value is not one of
	 * {@code ok, refused, error}
	 */
	public static AuditOutcome fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
