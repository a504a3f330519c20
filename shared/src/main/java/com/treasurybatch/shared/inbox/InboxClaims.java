package com.treasurybatch.shared.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Claims the {@code webhook_inbox} rows due for processing with {@code FOR UPDATE SKIP LOCKED}: the locks hold
 * until the caller's transaction ends, so two runs never take the same row.
 *
 * <p>Due rows are {@link InboxStatus#RECEIVED} ones, and {@link InboxStatus#FAILED} ones whose
 * {@code next_attempt_at} has come, in Stripe's {@code (created, id)} order (index {@code webhook_inbox_pending_idx}).
 * The due rows are chosen and locked by their ids alone, and only the claimed rows' payloads are read: were the
 * planner to sort every pending row (it does when the table's statistics are older than a backlog, see V32), it
 * would sort ids, not payloads. Thread-safe.
 */
@Component
public class InboxClaims {

	private static final String DUE_ROWS_SQL = """
			WITH due AS (
			    SELECT id FROM webhook_inbox
			    WHERE status IN ('%1$s', '%2$s')
			      AND (status = '%1$s' OR next_attempt_at <= ?)
			      AND (created, id) > (?, ?)
			      AND id > ? AND id <= ?
			    ORDER BY created, id
			    LIMIT ?
			    FOR UPDATE SKIP LOCKED)
			SELECT w.id, w.event_id, w.type, w.created, w.attempts, w.payload::text AS payload
			FROM webhook_inbox w JOIN due ON due.id = w.id
			ORDER BY w.created, w.id
			""".formatted(InboxStatus.RECEIVED.name(), InboxStatus.FAILED.name());

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc template on the application's database, joining the caller's transaction
	 */
	public InboxClaims(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The highest row id staged so far: a run that only claims rows up to it ends under a constant inflow.
	 * @return the id, 0 when the inbox is empty
	 * @throws DataAccessException if the database cannot be reached
	 */
	public long highestId() {
		Long max = this.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM webhook_inbox", Long.class);
		return (max != null) ? max : 0;
	}

	/**
	 * Whether any row is waiting for its first processing ({@link InboxStatus#RECEIVED}): one probe of the pending
	 * index, cheap enough to ask on every wake-up.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public boolean anyReceived() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM webhook_inbox WHERE status IN ('%1$s', '%2$s') AND status = '%1$s')"
					.formatted(InboxStatus.RECEIVED.name(), InboxStatus.FAILED.name()),
				Boolean.class));
	}

	/**
	 * Claims the next due rows after a {@code (created, id)} keyset cursor, skipping rows other transactions hold.
	 * Must run inside a transaction: the locks end with it.
	 * @param now FAILED rows whose {@code next_attempt_at} is at or before this instant (UTC) are due
	 * @param afterCreated cursor: rows after {@code (afterCreated, afterId)} in {@code (created, id)} order
	 * @param afterId cursor row id
	 * @param highestId only rows with an id at most this ({@link #highestId()} when the run started)
	 * @param limit most rows claimed
	 * @return the claimed rows, in {@code (created, id)} order
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<ClaimedInboxRow> claimDue(Instant now, Instant afterCreated, long afterId, long highestId, int limit) {
		return claimDue(now, afterCreated, afterId, 0, highestId, limit);
	}

	/**
	 * {@link #claimDue(Instant, Instant, long, long, int)} over the ids in {@code (lowestIdExcluded, highestId]}
	 * only: what a draining run claims on each later pass, the rows staged since its previous pass.
	 * @param lowestIdExcluded only rows with an id above this (0: from the first row)
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<ClaimedInboxRow> claimDue(Instant now, Instant afterCreated, long afterId, long lowestIdExcluded,
			long highestId, int limit) {
		return this.jdbc.query(DUE_ROWS_SQL, InboxClaims::row, utc(now), utc(afterCreated), afterId, lowestIdExcluded,
				highestId, limit);
	}

	private static ClaimedInboxRow row(ResultSet rs, int row) throws SQLException {
		return new ClaimedInboxRow(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"),
				rs.getObject("created", OffsetDateTime.class).toInstant(), rs.getInt("attempts"),
				rs.getString("payload"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
