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
 */
public record Alert(long id, Severity severity, String kind, String subject, String message, String dedupKey,
		Instant createdAt, Instant acknowledgedAt, String acknowledgedBy) {

	/**
	 * Whether nobody has acknowledged it yet.
	 * @return true while open
	 */
	public boolean open() {
		return this.acknowledgedAt == null;
	}

}
