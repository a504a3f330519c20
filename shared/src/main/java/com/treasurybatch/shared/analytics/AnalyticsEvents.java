package com.treasurybatch.shared.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code analytics_events} table (schema/V16__analytics.sql): Passport events staged as received, each with an
 * ingestion sequence ({@code seq}) that the {@code analytics-rollups} job keeps a watermark on.
 *
 * <p>Invariants:
 * <ul>
 * <li>at most one row per event id ({@code analytics_events_event_id_key}): a redelivery writes nothing;</li>
 * <li>every staging transaction holds the shared advisory lock {@link #INGEST_LOCK}; the job takes it exclusively
 * for an instant ({@link #committedHighWater()}) so that no row with a lower {@code seq} than the high-water mark
 * it reads can commit after it: a watermark on {@code seq} never skips a row.</li>
 * </ul>
 * Thread-safe; each call is its own transaction.
 */
public class AnalyticsEvents {

	/** Advisory lock key ("PASSPORT" in ASCII, truncated) held shared by staging, exclusive by the watermark barrier. */
	public static final long INGEST_LOCK = 0x5041535350_4F5254L;

	/** Channel notified when a statement stages rows (trigger {@code analytics_events_staged}, schema/V37). */
	public static final String STAGED_CHANNEL = "analytics_events_staged";

	/** The one statement staging a batch (arrays of equal length, unnested in order), returning the stored ids. */
	public static final String STAGE_SQL = """
			INSERT INTO analytics_events (event_id, type, occurred_at, user_id, artist_id, show_id, city, genre, value,
			                              metadata, schema_version, flag, received_at)
			SELECT e.event_id, e.type, CAST(e.occurred_at AS timestamptz), e.user_id, e.artist_id, e.show_id, e.city,
			       e.genre, e.value, CAST(e.metadata AS jsonb), e.schema_version, e.flag, ?
			  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			              ?::bigint[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
			       AS e(event_id, type, occurred_at, user_id, artist_id, show_id, city, genre, value, metadata,
			            schema_version, flag, ord)
			 ORDER BY e.ord
			ON CONFLICT (event_id) DO NOTHING
			RETURNING event_id""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * @param jdbc template on the application's database
	 * @param transaction transactions on the same database
	 * @param clock source of {@code received_at} (UTC)
	 */
	public AnalyticsEvents(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Stages events with one statement and one commit, each flagged as {@link PassportEvent#classified()} says.
	 * An event id already stored, or earlier in the list, is a duplicate and writes nothing.
	 * @param events at most {@value PassportSchema#EVENTS_PER_DELIVERY_MAX} events, in order
	 * @return one outcome per event, in the order given
	 * @throws IllegalArgumentException for more than {@value PassportSchema#EVENTS_PER_DELIVERY_MAX} events
	 * @throws DataAccessException if the database cannot be reached or refuses a row: nothing was staged
	 */
	public List<StagedOutcome> stageAll(List<PassportEvent> events) {
		if (events.size() > PassportSchema.EVENTS_PER_DELIVERY_MAX) {
			throw new IllegalArgumentException(
					events.size() + " events; at most " + PassportSchema.EVENTS_PER_DELIVERY_MAX + " per batch");
		}
		if (events.isEmpty()) {
			return List.of();
		}
		Map<String, PassportEvent> unique = new LinkedHashMap<>();
		events.forEach((event) -> unique.putIfAbsent(event.eventId(), event.classified()));
		List<PassportEvent> rows = new ArrayList<>(unique.values());
		OffsetDateTime receivedAt = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Set<String> stored = this.transaction.execute((status) -> {
			this.jdbc.queryForObject("SELECT pg_advisory_xact_lock_shared(?)::text", String.class, INGEST_LOCK);
			return this.jdbc.query(STAGE_SQL, (statement) -> bind(statement, rows, receivedAt),
					(ResultSetExtractor<Set<String>>) (result) -> {
						Set<String> ids = new HashSet<>();
						while (result.next()) {
							ids.add(result.getString(1));
						}
						return ids;
					});
		});
		if (!unique.keySet().containsAll(stored)) {
			throw new IllegalStateException("analytics_events reports inserts that were not asked for");
		}
		List<StagedOutcome> outcomes = new ArrayList<>(events.size());
		for (PassportEvent event : events) {
			outcomes.add(stored.remove(event.eventId()) ? StagedOutcome.STORED : StagedOutcome.DUPLICATE);
		}
		return outcomes;
	}

	/**
	 * The watermark barrier: waits for every staging transaction in flight to end, then reads the highest
	 * {@code seq}. Any row staged later gets a higher {@code seq}.
	 * @return the highest committed ingestion sequence, 0 when there is none
	 * @throws DataAccessException if the database cannot be reached
	 */
	public long committedHighWater() {
		Long high = this.transaction.execute((status) -> {
			this.jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, INGEST_LOCK);
			return this.jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM analytics_events", Long.class);
		});
		return (high != null) ? high : 0;
	}

	/**
	 * Whether a committed event is past the rollup watermark ({@code analytics_watermark.last_seq}), i.e. waits to
	 * be counted (flagged events included: the job moves the watermark past them too).
	 * @throws DataAccessException if the database cannot be reached
	 */
	public boolean anyUncounted() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM analytics_events
				                WHERE seq > coalesce((SELECT last_seq FROM analytics_watermark), 0))""", Boolean.class));
	}

	private static void bind(PreparedStatement statement, List<PassportEvent> rows, OffsetDateTime receivedAt)
			throws SQLException {
		int n = rows.size();
		String[][] text = new String[11][n];
		Long[] values = new Long[n];
		for (int i = 0; i < n; i++) {
			PassportEvent event = rows.get(i);
			text[0][i] = event.eventId();
			text[1][i] = event.type();
			text[2][i] = event.occurredAt().toString();
			text[3][i] = event.userId();
			text[4][i] = event.artistId();
			text[5][i] = event.showId();
			text[6][i] = event.city();
			text[7][i] = event.genre();
			values[i] = event.value();
			text[8][i] = event.metadataJson();
			text[9][i] = event.schemaVersion();
			text[10][i] = (event.flag() != null) ? event.flag().column() : null;
		}
		Connection connection = statement.getConnection();
		statement.setObject(1, receivedAt);
		for (int column = 0; column < 8; column++) {
			statement.setArray(column + 2, array(connection, "text", text[column]));
		}
		statement.setArray(10, array(connection, "int8", values));
		for (int column = 8; column < 11; column++) {
			statement.setArray(column + 3, array(connection, "text", text[column]));
		}
	}

	private static Array array(Connection connection, String type, Object[] values) throws SQLException {
		return connection.createArrayOf(type, values);
	}

}
