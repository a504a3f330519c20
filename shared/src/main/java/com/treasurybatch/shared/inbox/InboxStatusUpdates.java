package com.treasurybatch.shared.inbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves claimed {@code webhook_inbox} rows ({@link InboxClaims}) to their final status. Joins the transaction that
 * holds the rows' locks.
 *
 * <p>Invariants: only RECEIVED or FAILED rows change; every row asked for changes exactly once (the caller holds
 * its lock, so a different count is a bug and throws). Thread-safe.
 */
@Component
public class InboxStatusUpdates {

	/** Longest error message kept in {@code last_error}. */
	public static final int LAST_ERROR_LENGTH_MAX = 1000;

	private static final String MARK_DONE_SQL = """
			UPDATE webhook_inbox SET status = ?, processed_at = ?, next_attempt_at = NULL
			WHERE id = ANY (?) AND status IN ('%1$s', '%2$s')
			""".formatted(InboxStatus.RECEIVED.name(), InboxStatus.FAILED.name());

	private static final String MARK_FAILED_SQL = """
			UPDATE webhook_inbox SET status = '%2$s', attempts = ?, last_error = ?, next_attempt_at = ?
			WHERE id = ? AND status IN ('%1$s', '%2$s')
			""".formatted(InboxStatus.RECEIVED.name(), InboxStatus.FAILED.name());

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc template on the application's database, joining the caller's transaction
	 */
	public InboxStatusUpdates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Marks rows PROCESSED or IGNORED, in one statement.
	 * @param ids inbox row ids
	 * @param outcome the final status: {@link InboxStatus#PROCESSED} or {@link InboxStatus#IGNORED}
	 * @param now processing time (UTC)
	 * @throws IllegalArgumentException if {@code outcome} is not a final status
	 * @throws IllegalStateException if not every row changed
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void markDone(List<Long> ids, InboxStatus outcome, Instant now) {
		if (outcome != InboxStatus.PROCESSED && outcome != InboxStatus.IGNORED) {
			throw new IllegalArgumentException("Not a final inbox status: " + outcome);
		}
		if (ids.isEmpty()) {
			return;
		}
		int changed = this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(MARK_DONE_SQL);
			statement.setString(1, outcome.name());
			statement.setTimestamp(2, Timestamp.from(now));
			statement.setArray(3, connection.createArrayOf("bigint", ids.toArray()));
			return statement;
		});
		if (changed != ids.size()) {
			throw new IllegalStateException("Marking " + ids.size() + " inbox rows " + outcome + " changed " + changed
					+ ": rows read under lock by this chunk changed status meanwhile");
		}
	}

	/**
	 * Marks one row FAILED with the reason and when to try again.
	 * @param id inbox row id
	 * @param attempts failed attempts including this one
	 * @param error why, cut to {@link #LAST_ERROR_LENGTH_MAX} characters
	 * @param nextAttemptAt when to try again (UTC), or null to give up
	 * @throws IllegalStateException if the row did not change
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void markFailed(long id, int attempts, String error, Instant nextAttemptAt) {
		String kept = (error.length() > LAST_ERROR_LENGTH_MAX) ? error.substring(0, LAST_ERROR_LENGTH_MAX) : error;
		int changed = this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(MARK_FAILED_SQL);
			statement.setInt(1, attempts);
			statement.setString(2, kept);
			if (nextAttemptAt == null) {
				statement.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
			}
			else {
				statement.setTimestamp(3, Timestamp.from(nextAttemptAt));
			}
			statement.setLong(4, id);
			return statement;
		});
		if (changed != 1) {
			throw new IllegalStateException("Marking inbox row " + id + " FAILED changed " + changed + " rows");
		}
	}

}
