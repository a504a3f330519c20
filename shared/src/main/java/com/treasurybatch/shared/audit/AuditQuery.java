package com.treasurybatch.shared.audit;

/**
 * A page of the audit trail, newest first.
 *
 * @param beforeId only rows with an id lower than this (the last id of the previous
 * page), or {@code null} for the newest rows
 * @param action only this action, e.g. {@code job.start}, or {@code null} for all
 * @param target only this target, e.g. an execution id, or {@code null} for all
 * @param limit rows per page, 1 to {@link #LIMIT_MAX}
 */
public record AuditQuery(Long beforeId, String action, String target, int limit) {

	/** Rows per page when none is asked for. */
	public static final int LIMIT_DEFAULT = 20;

	/** Most rows one page returns. */
	public static final int LIMIT_MAX = 500;

	/**
	 * Validates the limit.
	 * @throws IllegalArgumentException if the limit is not between 1 and
	 * {@link #LIMIT_MAX}
	 */
	public AuditQuery {
		if (limit < 1 || limit > LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX + ", was " + limit);
		}
	}

	/** The newest {@code limit} rows, all actions and targets. */
	public static AuditQuery latest(int limit) {
		return new AuditQuery(null, null, null, limit);
	}

}
