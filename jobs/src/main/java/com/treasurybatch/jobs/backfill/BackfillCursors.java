package com.treasurybatch.jobs.backfill;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code backfill_cursors} table: how far each backfill pass has staged Stripe's events. Advanced in the
 * transaction that stages a page, so the cursor never runs ahead of what is committed.
 *
 * <p>Invariants: a cursor only moves forward (a trigger refuses the opposite; {@code GREATEST} here).
 */
@Repository
class BackfillCursors {

	/** The cursor of the pass over every listed event type on the platform. */
	static final String PLATFORM_EVENTS = "events:platform";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	BackfillCursors(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The created time (UTC) up to which events are staged, if the pass ever committed a page. */
	Optional<Instant> createdUntil(String name) {
		List<Timestamp> found = this.jdbc.queryForList("SELECT created_until FROM backfill_cursors WHERE name = ?",
				Timestamp.class, name);
		return found.stream().findFirst().map(Timestamp::toInstant);
	}

	/** Moves the cursor to {@code createdUntil} unless it is past it already; joins the caller's transaction. */
	void advance(String name, Instant createdUntil, String lastEventId) {
		this.jdbc.update("""
				INSERT INTO backfill_cursors (name, created_until, last_event_id, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET
				    created_until = GREATEST(backfill_cursors.created_until, EXCLUDED.created_until),
				    last_event_id = CASE WHEN EXCLUDED.created_until >= backfill_cursors.created_until
				                         THEN EXCLUDED.last_event_id ELSE backfill_cursors.last_event_id END,
				    updated_at = EXCLUDED.updated_at
				""", name, Timestamp.from(createdUntil), lastEventId, Timestamp.from(this.clock.instant()));
	}

}
