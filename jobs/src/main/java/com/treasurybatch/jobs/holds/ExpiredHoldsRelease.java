package com.treasurybatch.jobs.holds;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Releases one batch of expired holds in the caller's transaction.
 *
 * <p>Invariants: a hold's quantity returns to its ticket type exactly once, when the hold goes HELD -> RELEASED
 * in this same transaction; a hold converted by a checkout at the same moment is never released (the rows are
 * picked {@code FOR UPDATE SKIP LOCKED}, so a hold locked by a conversion is left alone, and the UPDATE
 * re-checks {@code status = 'HELD'}); ticket types are then locked in id order, so two runs never deadlock on
 * them. The database refuses a quantity below zero or above the total.
 */
class ExpiredHoldsRelease {

	/**
	 * One statement: picks and releases up to ? holds expired at ?, after the keyset position (?, ?), then locks
	 * their ticket types in id order and returns the quantities; yields the holds released and the new position.
	 * The keyset keeps each batch from walking again over the index entries of the holds released before it (they
	 * stay in the partial index until vacuum).
	 */
	static final String RELEASE_SQL = """
			WITH picked AS (
			    SELECT id, expires_at FROM ticket_holds
			    WHERE status = 'HELD' AND expires_at <= ? AND (expires_at, id) > (?, ?)
			    ORDER BY expires_at, id
			    LIMIT ?
			    FOR UPDATE SKIP LOCKED
			), released AS (
			    UPDATE ticket_holds h SET status = 'RELEASED', released_at = ?
			    FROM picked WHERE h.id = picked.id AND h.status = 'HELD'
			    RETURNING h.ticket_type_id, h.quantity
			), per_type AS (
			    SELECT ticket_type_id, sum(quantity) AS quantity, count(*) AS holds FROM released GROUP BY ticket_type_id
			), locked AS (
			    SELECT t.id FROM ticket_types t JOIN per_type p ON p.ticket_type_id = t.id ORDER BY t.id FOR UPDATE OF t
			), returned AS (
			    UPDATE ticket_types t SET quantity_held = t.quantity_held - p.quantity
			    FROM per_type p, locked l WHERE t.id = p.ticket_type_id AND l.id = t.id
			    RETURNING p.holds
			)
			SELECT (SELECT coalesce(sum(holds), 0) FROM returned) AS returned_holds,
			       (SELECT count(*) FROM released) AS released_holds,
			       (SELECT count(*) FROM picked) AS picked_holds,
			       last.expires_at AS last_expires_at, last.id AS last_id
			FROM (SELECT NULL) AS one
			LEFT JOIN (SELECT expires_at, id FROM picked ORDER BY expires_at DESC, id DESC LIMIT 1) AS last ON true
			""";

	private final JdbcTemplate jdbc;

	ExpiredHoldsRelease(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Where a run has got to: holds at or before it were looked at. */
	record Position(Instant expiresAt, long id) {

		/** Before every hold. */
		static final Position START = new Position(Instant.parse("1970-01-01T00:00:00Z"), 0);
	}

	/**
	 * What one batch did.
	 *
	 * @param released holds released
	 * @param picked holds looked at (0: nothing expired is left after the position)
	 * @param next the position after this batch
	 */
	record Batch(int released, int picked, Position next) {
	}

	/**
	 * @param now holds expired at or before this are released (UTC)
	 * @param after keyset position: only holds after it are looked at
	 * @param batchSize most holds released
	 * @param releasedAt recorded as {@code released_at}
	 * @return what was done; a hold locked by someone else (a checkout converting it) is skipped, and is behind
	 * the position for the rest of this run (the next run looks at it again if it is still HELD)
	 */
	Batch releaseBatch(Instant now, Position after, int batchSize, Instant releasedAt) {
		return this.jdbc.queryForObject(RELEASE_SQL, (rs, n) -> {
			long returned = rs.getLong("returned_holds");
			long released = rs.getLong("released_holds");
			if (returned != released) {
				throw new IllegalStateException(
						"Released " + released + " holds but returned the quantity of " + returned + " to their types");
			}
			Timestamp last = rs.getTimestamp("last_expires_at");
			Position next = (last != null) ? new Position(last.toInstant(), rs.getLong("last_id")) : after;
			return new Batch((int) released, rs.getInt("picked_holds"), next);
		}, Timestamp.from(now), Timestamp.from(after.expiresAt()), after.id(), batchSize, Timestamp.from(releasedAt));
	}

}
