package com.treasurybatch.jobs.analytics;

/**
 * The job's SQL, in one place. Buckets are UTC: {@code date_trunc('hour', occurred_at, 'UTC')} and
 * {@code (occurred_at AT TIME ZONE 'UTC')::date}. Only unflagged events count ({@code flag IS NULL}).
 */
final class RollupSql {

	/** Advisory lock taken by every transaction that changes rollups, watermark or leaderboards. */
	static final long ROLLUP_LOCK = 0x524F4C4C5550L;

	static final String LOCK = "SELECT pg_advisory_xact_lock(?)::text";

	/** The rollup lock as rebuilds of disjoint days take it: together, but never beside an incremental run. */
	static final String SHARED_LOCK = "SELECT pg_advisory_xact_lock_shared(?)::text";

	static final String WATERMARK = "SELECT last_seq FROM analytics_watermark WHERE id";

	static final String MOVE_WATERMARK = "UPDATE analytics_watermark SET last_seq = ?, updated_at = ? WHERE id AND last_seq = ?";

	/**
	 * Adds the events with {@code seq} in (?, ?] to the rollups, in one statement that reads them once: grouped by
	 * hour ({@code chunk}), upserted into the hourly rollups, regrouped by day and upserted into the daily rollups,
	 * the (day, type) pairs changed noted for the leaderboards. Returns the number of pairs noted.
	 */
	static final String ADD_EVENTS = """
			WITH chunk AS MATERIALIZED (
			    SELECT date_trunc('hour', occurred_at, 'UTC') AS bucket_start, type, artist_id, show_id, city, genre,
			           count(*) AS events, sum(value) AS value_total
			      FROM analytics_events
			     WHERE seq > ? AND seq <= ? AND flag IS NULL
			     GROUP BY 1, 2, 3, 4, 5, 6),
			hourly AS (
			    INSERT INTO analytics_hourly AS h (bucket_start, type, artist_id, show_id, city, genre, events, value_total)
			    SELECT bucket_start, type, artist_id, show_id, city, genre, events, value_total FROM chunk
			    ON CONFLICT (bucket_start, type, artist_id, show_id, city, genre)
			    DO UPDATE SET events = h.events + EXCLUDED.events, value_total = h.value_total + EXCLUDED.value_total),
			daily AS (
			    INSERT INTO analytics_daily AS d (day, type, artist_id, show_id, city, genre, events, value_total)
			    SELECT (bucket_start AT TIME ZONE 'UTC')::date, type, artist_id, show_id, city, genre, sum(events),
			           sum(value_total)
			      FROM chunk GROUP BY 1, 2, 3, 4, 5, 6
			    ON CONFLICT (day, type, artist_id, show_id, city, genre)
			    DO UPDATE SET events = d.events + EXCLUDED.events, value_total = d.value_total + EXCLUDED.value_total
			    RETURNING day, type)
			INSERT INTO analytics_changed_days (day, type) SELECT DISTINCT day, type FROM daily
			ON CONFLICT DO NOTHING""";

	/** The flagged events with {@code seq} in (?, ?], per flag and type (partial index {@code analytics_events_flagged_idx}). */
	static final String FLAGGED = """
			SELECT flag, type, schema_version, count(*) FROM analytics_events
			 WHERE seq > ? AND seq <= ? AND flag IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 20""";

	/** Rebuild of one UTC day [?, ?): drops its hourly rollups. */
	static final String DROP_HOURLY = "DELETE FROM analytics_hourly WHERE bucket_start >= ? AND bucket_start < ?";

	/** Rebuild of one UTC day: drops its daily rollups, noting the types as changed. */
	static final String DROP_DAILY = """
			WITH dropped AS (DELETE FROM analytics_daily WHERE day = ? RETURNING day, type)
			INSERT INTO analytics_changed_days (day, type) SELECT DISTINCT day, type FROM dropped
			ON CONFLICT DO NOTHING""";

	/** Rebuild of one UTC day [?, ?) from events up to the watermark ?. */
	static final String REBUILD_HOURLY = """
			INSERT INTO analytics_hourly (bucket_start, type, artist_id, show_id, city, genre, events, value_total)
			SELECT date_trunc('hour', occurred_at, 'UTC'), type, artist_id, show_id, city, genre, count(*), sum(value)
			  FROM analytics_events
			 WHERE occurred_at >= ? AND occurred_at < ? AND seq <= ? AND flag IS NULL
			 GROUP BY 1, 2, 3, 4, 5, 6""";

	/** Rebuild of one UTC day [?, ?) from events up to the watermark ?, noting the types as changed. */
	static final String REBUILD_DAILY = """
			WITH added AS (
			    INSERT INTO analytics_daily (day, type, artist_id, show_id, city, genre, events, value_total)
			    SELECT (occurred_at AT TIME ZONE 'UTC')::date, type, artist_id, show_id, city, genre, count(*), sum(value)
			      FROM analytics_events
			     WHERE occurred_at >= ? AND occurred_at < ? AND seq <= ? AND flag IS NULL
			     GROUP BY 1, 2, 3, 4, 5, 6
			    RETURNING day, type)
			INSERT INTO analytics_changed_days (day, type) SELECT DISTINCT day, type FROM added
			ON CONFLICT DO NOTHING""";

	static final String CHANGED_DAYS = "SELECT day, type FROM analytics_changed_days ORDER BY day, type LIMIT ?";

	static final String DONE_DAYS = """
			DELETE FROM analytics_changed_days c USING unnest(?::date[], ?::text[]) AS done(day, type)
			 WHERE c.day = done.day AND c.type = done.type""";

	/** The boards to recompute, as parallel arrays: period, start (inclusive), end (exclusive), type. */
	private static final String BOARDS = """
			WITH boards AS (
			    SELECT * FROM unnest(?::text[], ?::date[], ?::date[], ?::text[]) AS b(period, period_start, period_end, type))
			""";

	/** Drops the boards listed. */
	static final String DROP_BOARDS = BOARDS + """
			DELETE FROM analytics_leaderboards l USING boards b
			 WHERE l.period = b.period AND l.period_start = b.period_start AND l.type = b.type""";

	/**
	 * Builds the boards listed from the daily rollups of their periods, in one statement: every combination of
	 * show, city and genre ({@code CUBE}), '*' where a dimension is rolled up; events without an artist are on no
	 * board, events without a show on no show's board.
	 */
	static final String BUILD_BOARDS = BOARDS + """
			INSERT INTO analytics_leaderboards (period, period_start, type, show_id, city, genre, artist_id, rank, events,
			                                    value_total)
			SELECT period, period_start, type, show_id, city, genre, artist_id,
			       rank() OVER (PARTITION BY period, period_start, type, show_id, city, genre ORDER BY value_total DESC),
			       events, value_total
			  FROM (SELECT b.period, b.period_start, d.type,
			               CASE WHEN grouping(d.show_id) = 1 THEN '*' ELSE d.show_id END AS show_id,
			               CASE WHEN grouping(d.city) = 1 THEN '*' ELSE d.city END AS city,
			               CASE WHEN grouping(d.genre) = 1 THEN '*' ELSE d.genre END AS genre,
			               d.artist_id, sum(d.events) AS events, sum(d.value_total) AS value_total
			          FROM boards b
			          JOIN analytics_daily d ON d.type = b.type AND d.day >= b.period_start AND d.day < b.period_end
			         WHERE d.artist_id <> ''
			         GROUP BY b.period, b.period_start, d.type, d.artist_id, CUBE (d.show_id, d.city, d.genre)) scored
			 WHERE show_id <> ''""";

	private RollupSql() {
	}

}
