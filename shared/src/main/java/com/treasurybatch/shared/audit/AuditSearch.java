package com.treasurybatch.shared.audit;

import java.time.Instant;

/**
 * A filtered page of the audit trail, newest first, as the console asks for it. Every filter is optional
 * ({@code null}: all); each one is served by an index of {@code audit_log}.
 *
 * @param beforeId only rows with an id lower than this (the last id of the previous page), or {@code null}
 * @param actor only this actor, e.g. {@code ops}
 * @param action only this action, e.g. {@code job.restart}
 * @param target only this target, e.g. an execution id
 * @param from only rows at or after this instant (UTC)
 * @param to only rows before this instant (UTC)
 * @param limit rows per page, 1 to {@link AuditQuery#LIMIT_MAX}
 */
public record AuditSearch(Long beforeId, String actor, String action, String target, Instant from, Instant to,
		int limit) {

	/**
	 * Validates the limit; blank filters become {@code null}.
	 * @throws IllegalArgumentException if the limit is not between 1 and {@link AuditQuery#LIMIT_MAX}
	 */
	public AuditSearch {
		if (limit < 1 || limit > AuditQuery.LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be between 1 and " + AuditQuery.LIMIT_MAX + ", was " + limit);
		}
		actor = blankToNull(actor);
		action = blankToNull(action);
		target = blankToNull(target);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
