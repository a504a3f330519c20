package com.treasurybatch.shared.alerts;

import java.time.Instant;

/**
 * An alert as stored.
 *
 * @param id database id
 * @param severity how urgent
 * @param kind what happened, lowercase with underscores, e.g. {@code sale_in_suspense}
 * @param subject what it is about: a Stripe event id, account id, session id
 * @param message for people; no personal data
 * @param dedupKey the key that makes it unique: the same key is never raised twice
 * @param createdAt when it was raised (UTC)
 * @param acknowledgedAt when a person acknowledged it (UTC), or null while open
 * @param acknowledgedBy who acknowledged it, or null while open
 * @param assignedTo who works it, or null while unassigned
 * @param resolvedAt when it was resolved (UTC), or null while unresolved
 * @param resolvedBy who resolved it (a person, or {@code alert-thresholds} when its condition ended), or null
 * @param resolutionNote why it is resolved, or null while unresolved
 */
public record Alert(long id, Severity severity, String kind, String subject, String message, String dedupKey,
		Instant createdAt, Instant acknowledgedAt, String acknowledgedBy, String assignedTo, Instant resolvedAt,
		String resolvedBy, String resolutionNote) {

	/**
	 * Whether it is resolved (it then leaves the open list and is not sent any more).
	 * @return true once resolved
	 */
	public boolean resolved() {
		return this.resolvedAt != null;
	}

	/**
	 * Whether nobody has acknowledged it yet.
	 * @return true while open
	 */
	public boolean open() {
		return this.acknowledgedAt == null;
	}

}
