package com.treasurybatch.shared.privacy;

import java.time.Instant;

/**
 * One {@code erasure_requests} row. A DONE request no longer holds the subject's identifiers: {@code subject} is
 * null then, and only {@code subjectHash} says who it was about.
 *
 * @param id the row id
 * @param subjectHash hex SHA-256 of the subject's identifiers ({@link DataSubject#hash()})
 * @param subject who to erase, while PENDING; null once DONE
 * @param receivedAt when it was recorded, UTC
 * @param dueAt the deadline, {@code receivedAt} plus the configured days, UTC
 * @param status {@code PENDING} or {@code DONE}
 * @param channel {@code cli} or {@code api}
 * @param requestedBy the operator who recorded it
 * @param completedAt when the purge completed it, UTC; null while PENDING
 */
public record ErasureRequest(long id, String subjectHash, DataSubject subject, Instant receivedAt, Instant dueAt,
		String status, String channel, String requestedBy, Instant completedAt) {

	/** The status of a request waiting for the purge. */
	public static final String PENDING = "PENDING";

	/** The status of a request the purge completed. */
	public static final String DONE = "DONE";

}
