package com.treasurybatch.shared.inbox;

/**
 * The status of a {@code webhook_inbox} row ({@code webhook_inbox.status}, constraint
 * {@code webhook_inbox_status_check}). A row is staged RECEIVED, and inbox-processing moves it to PROCESSED,
 * IGNORED or FAILED; {@code inbox replay} puts it back to RECEIVED.
 */
public enum InboxStatus {

	/** Staged, waiting for inbox-processing. */
	RECEIVED,

	/** Applied (or found already applied, or older than what was applied). */
	PROCESSED,

	/** Kept but not acted on: nothing in it concerns this system. */
	IGNORED,

	/** Could not be applied; retried at {@code next_attempt_at}, or given up when that is null. */
	FAILED

}
