package com.treasurybatch.jobs.holds;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Releases one batch of expired holds in the caller's transaction.
 *
 * <p>Invariants: a hold's quantity returns to its ticket type exactly once, when the hold goes HELD -> RELEASED
 * in this same transaction; a hold converted by a checkout at the same moment is never released (the rows are
 * picked {@code FOR UPDATE SKIP LOCKED}, so a hold locked by a conversion is left alone, and the UPDATE
 * re-checks {@code status = 'HELD'}); ticket types are then updated in id order, so two runs never deadlock on
 * them. The database refuses a quantity below zero or above the total.
 */
class ExpiredHoldsRelease {

	/** Picks and releases up to ? holds expired at ?; returns what each ticket type gets back, by type id. */
	static final String RELEASE_SQL = """
			WITH picked AS (
			    SELECT id FROM ticket_holds
			    WHERE status = 'HELD' AND expires_at <= ?
			    ORDER BY expires_at
			    LIMIT ?
			    FOR UPDATE SKIP LOCKED
			), released AS (
			    UPDATE ticket_holds h SET status = 'RELEASED', released_at = ?
			    FROM picked WHERE h.id = picked.id AND h.status = 'HELD'
			    RETURNING h.ticket_type_id, h.quantity
			)
			SELECT ticket_type_id, sum(quantity) AS quantity, count(*) AS holds
			FROM released GROUP BY ticket_type_id ORDER BY ticket_type_id
			""";

	private final JdbcTemplate jdbc;

	ExpiredHoldsRelease(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param now holds expired at or before this are released (UTC)
	 * @param batchSize most holds released
	 * @param releasedAt recorded as {@code released_at}
	 * @return holds released (0: none left that are not locked by someone else)
	 */
	int releaseBatch(Instant now, int batchSize, Instant releasedAt) {
		List<Returned> returned = this.jdbc.query(RELEASE_SQL,
				(rs, n) -> new Returned(rs.getString(1), rs.getLong(2), rs.getInt(3)), Timestamp.from(now), batchSize,
				Timestamp.from(releasedAt));
		if (returned.isEmpty()) {
			return 0;
		}
		int[][] updated = this.jdbc.batchUpdate(
				"UPDATE ticket_types SET quantity_held = quantity_held - ? WHERE id = ?", returned, returned.size(),
				(ps, type) -> {
					ps.setLong(1, type.quantity());
					ps.setString(2, type.ticketTypeId());
				});
		for (int[] batch : updated) {
			for (int count : batch) {
				if (count != 1) {
					throw new IllegalStateException("A ticket type of released holds was updated " + count
							+ " times, expected once");
				}
			}
		}
		return returned.stream().mapToInt(Returned::holds).sum();
	}

	/** What one ticket type gets back. */
	record Returned(String ticketTypeId, long quantity, int holds) {
	}

}
