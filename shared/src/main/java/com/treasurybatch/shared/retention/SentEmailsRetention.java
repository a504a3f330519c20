package com.treasurybatch.shared.retention;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The email retention policy ({@code treasury.retention.emails}, default 2 years): retention tasks finished (SENT,
 * CANCELLED, FAILED, UNKNOWN) longer ago than that are deleted with their {@code email_outbox} rows, one batch per
 * call, oldest first. Scheduled tasks and sends in flight are never touched.
 */
@Component
public class SentEmailsRetention {

	private static final String FINISHED_BEFORE = """
			SELECT id FROM retention_tasks WHERE status IN ('SENT', 'CANCELLED', 'FAILED', 'UNKNOWN')
			AND updated_at < ? ORDER BY updated_at, id""";

	private final JdbcTemplate jdbc;

	/** @param jdbc the application's database */
	public SentEmailsRetention(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Deletes one batch of tasks finished before the cutoff and their outbox rows, in one statement (its own
	 * transaction, or the caller's): a sweep commits batch by batch and a restart goes on where it stopped.
	 * @param cutoff tasks last changed before this instant (UTC) go
	 * @param rowsMax at most this many tasks
	 * @return tasks deleted; 0 when the policy is fully applied
	 */
	public int deleteFinishedBefore(Instant cutoff, int rowsMax) {
		// the outbox rows go in the same statement: the foreign key is checked at its end
		Integer deleted = this.jdbc.queryForObject("WITH old AS (" + FINISHED_BEFORE + " LIMIT ? FOR UPDATE SKIP LOCKED),"
				+ " outbox AS (DELETE FROM email_outbox WHERE task_id IN (SELECT id FROM old) RETURNING id),"
				+ " tasks AS (DELETE FROM retention_tasks WHERE id IN (SELECT id FROM old) RETURNING id)"
				+ " SELECT count(*)::int FROM tasks", Integer.class, Timestamp.from(cutoff), rowsMax);
		return (deleted != null) ? deleted : 0;
	}

	/**
	 * @param cutoff as for {@link #deleteFinishedBefore}
	 * @return how many tasks the policy would delete now (dry run)
	 */
	public long countFinishedBefore(Instant cutoff) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM (" + FINISHED_BEFORE + ") AS old", Long.class,
				Timestamp.from(cutoff));
		return (count != null) ? count : 0;
	}

}
