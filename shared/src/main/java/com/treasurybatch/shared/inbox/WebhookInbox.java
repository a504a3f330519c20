package com.treasurybatch.shared.inbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

/**
 * The {@code webhook_inbox} table (schema/V3__webhook_inbox.sql): Stripe events staged as received, one row per
 * event id, for the inbox-processing job.
 *
 * <p>Invariants:
 * <ul>
 * <li>at most one row per Stripe event id: staging an id already present writes nothing, whoever staged it
 * first and from whichever source (unique constraint {@code webhook_inbox_event_id_key} enforces it);</li>
 * <li>the payload is stored as sent (as {@code jsonb}), next to the envelope read from it.</li>
 * </ul>
 * Thread-safe; each call is its own transaction unless the caller runs one.
 */
public class WebhookInbox {

	/**
	 * The PostgreSQL notification channel on which every commit that staged rows is announced (trigger
	 * {@code webhook_inbox_staged}, schema/V33): {@code LISTEN webhook_inbox_staged} to be woken. No payload.
	 */
	public static final String STAGED_CHANNEL = "webhook_inbox_staged";

	/** Most event types listed by {@link #statistics()}. */
	public static final int STATISTICS_TYPES_MAX = 1_000;

	/** Most rows written by one statement of {@link #stageAll}; longer lists are split. */
	public static final int STAGE_ALL_ROWS_MAX = 100;

	private static final String STAGE_COLUMNS = "INSERT INTO webhook_inbox "
			+ "(event_id, type, api_version, account, livemode, created, payload, source, received_at) VALUES ";

	private static final String STAGE_ROW = "(?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)";

	private static final int STAGE_PARAMETERS = 9;

	/** {@code STAGE_ALL_SQL[n]}: the statement inserting n rows, returning the ids it inserted. */
	private static final String[] STAGE_ALL_SQL = new String[STAGE_ALL_ROWS_MAX + 1];

	static {
		for (int rows = 1; rows <= STAGE_ALL_ROWS_MAX; rows++) {
			STAGE_ALL_SQL[rows] = STAGE_COLUMNS + String.join(", ", java.util.Collections.nCopies(rows, STAGE_ROW))
					+ " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
		}
	}

	/** The one statement that stages an event; also what the receiver benchmark measures against. */
	public static final String STAGE_SQL = """
			INSERT INTO webhook_inbox (event_id, type, api_version, account, livemode, created, payload, source, received_at)
			VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
			ON CONFLICT (event_id) DO NOTHING""";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc template on the application's database
	 * @param clock source of {@code received_at} and of ages (UTC)
	 */
	public WebhookInbox(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Stages an event unless its id is already in the inbox ({@code INSERT ... ON CONFLICT (event_id) DO
	 * NOTHING}). Concurrent calls with one id insert exactly one row; the others wait for it and see a duplicate.
	 * @param envelope the envelope read from {@code payload} by {@link EventEnvelopeParser}
	 * @param payload the whole event, JSON text as received
	 * @param source how the event arrived
	 * @return {@link StageOutcome#NEW} if this call inserted the row, {@link StageOutcome#DUPLICATE} if it was
	 * already there
	 * @throws DataAccessException if the database cannot be reached or refuses the row: nothing was staged
	 * @throws IllegalStateException if more than one row was inserted (a broken unique constraint)
	 */
	public StageOutcome stage(EventEnvelope envelope, String payload, InboxSource source) {
		OffsetDateTime receivedAt = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		int inserted = this.jdbc.update(STAGE_SQL,
				(statement) -> bindRow(statement, 0, envelope, payload, source, receivedAt));
		return switch (inserted) {
			case 0 -> StageOutcome.DUPLICATE;
			case 1 -> StageOutcome.NEW;
			default -> throw new IllegalStateException(
					inserted + " inbox rows inserted for " + envelope.eventId() + ": event_id is not unique");
		};
	}

	/**
	 * Stages several events with one statement per {@value #STAGE_ALL_ROWS_MAX} rows (a group commit: one round
	 * trip and one transaction for many concurrent deliveries). Same rules as {@link #stage}: an event id already
	 * in the inbox, or earlier in the same list, is a duplicate and writes nothing.
	 * @param events the events, in order
	 * @param source how they arrived
	 * @return one outcome per event, in the order given
	 * @throws DataAccessException if the database cannot be reached or refuses a row: nothing of that statement
	 * was staged
	 * @throws IllegalStateException if the database reports an insert that was not asked for
	 */
	public List<StageOutcome> stageAll(List<InboxEvent> events, InboxSource source) {
		List<StageOutcome> outcomes = new ArrayList<>(events.size());
		for (int from = 0; from < events.size(); from += STAGE_ALL_ROWS_MAX) {
			outcomes.addAll(stageChunk(events.subList(from, Math.min(events.size(), from + STAGE_ALL_ROWS_MAX)), source));
		}
		return outcomes;
	}

	private List<StageOutcome> stageChunk(List<InboxEvent> events, InboxSource source) {
		Map<String, InboxEvent> unique = new LinkedHashMap<>();
		for (InboxEvent event : events) {
			unique.putIfAbsent(event.envelope().eventId(), event);
		}
		List<InboxEvent> rows = new ArrayList<>(unique.values());
		OffsetDateTime receivedAt = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Set<String> inserted = this.jdbc.query(STAGE_ALL_SQL[rows.size()], (statement) -> {
			for (int row = 0; row < rows.size(); row++) {
				InboxEvent event = rows.get(row);
				bindRow(statement, row * STAGE_PARAMETERS, event.envelope(), event.payload(), source, receivedAt);
			}
		}, (ResultSetExtractor<Set<String>>) (result) -> {
			Set<String> ids = new HashSet<>();
			while (result.next()) {
				ids.add(result.getString(1));
			}
			return ids;
		});
		if (!unique.keySet().containsAll(inserted)) {
			throw new IllegalStateException("inbox reports inserts that were not asked for: " + inserted);
		}
		List<StageOutcome> outcomes = new ArrayList<>(events.size());
		for (InboxEvent event : events) {
			// the first occurrence of an inserted id is the new row; any later one in the list is a duplicate
			outcomes.add(inserted.remove(event.envelope().eventId()) ? StageOutcome.NEW : StageOutcome.DUPLICATE);
		}
		return outcomes;
	}

	private static void bindRow(PreparedStatement statement, int offset, EventEnvelope envelope, String payload,
			InboxSource source, OffsetDateTime receivedAt) throws SQLException {
		statement.setString(offset + 1, envelope.eventId());
		statement.setString(offset + 2, envelope.type());
		statement.setString(offset + 3, envelope.apiVersion());
		statement.setString(offset + 4, envelope.account());
		statement.setBoolean(offset + 5, envelope.livemode());
		statement.setObject(offset + 6, OffsetDateTime.ofInstant(envelope.created(), ZoneOffset.UTC));
		statement.setString(offset + 7, payload);
		statement.setString(offset + 8, source.name());
		statement.setObject(offset + 9, receivedAt);
	}

	/**
	 * The {@code RECEIVED} rows and the age of the oldest: two index-backed aggregates, cheap enough for a health
	 * check.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public InboxBacklog backlog() {
		Instant now = this.clock.instant();
		return this.jdbc.queryForObject(
				"SELECT count(*), min(received_at) FROM webhook_inbox WHERE status = ?", (row, n) -> {
					Timestamp oldest = row.getTimestamp(2);
					Duration age = (oldest != null) ? Duration.between(oldest.toInstant(), now) : Duration.ZERO;
					return new InboxBacklog(row.getLong(1), age.isNegative() ? Duration.ZERO : age);
				}, InboxStatus.RECEIVED.name());
	}

	/**
	 * Counts per status and per type, and the backlog. Scans the table: for {@code inbox stats}, not for
	 * every health probe (use {@link #backlog()} there).
	 * @throws DataAccessException if the database cannot be reached
	 */
	public InboxStatistics statistics() {
		Instant measuredAt = this.clock.instant();
		Map<String, Long> byStatus = new LinkedHashMap<>();
		this.jdbc.query("SELECT status, count(*) FROM webhook_inbox GROUP BY status ORDER BY status",
				(row) -> {
					byStatus.put(row.getString(1), row.getLong(2));
				});
		Map<String, Long> byType = new LinkedHashMap<>();
		this.jdbc.query("SELECT type, count(*) FROM webhook_inbox GROUP BY type ORDER BY type LIMIT ?", (row) -> {
			byType.put(row.getString(1), row.getLong(2));
		}, STATISTICS_TYPES_MAX);
		return new InboxStatistics(measuredAt, byStatus, byType, backlog());
	}

	/**
	 * The {@code FAILED} rows, oldest Stripe {@code created} first (the pending index's order).
	 * @param limit most rows, at least 1
	 * @return up to {@code limit} failed events with their last error
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<FailedInboxEvent> failed(int limit) {
		return this.jdbc.query("""
				SELECT event_id, type, created, attempts, next_attempt_at, last_error FROM webhook_inbox
				WHERE status IN ('RECEIVED', 'FAILED') AND status = 'FAILED' ORDER BY created, id LIMIT ?""",
				(row, n) -> {
					Timestamp next = row.getTimestamp(5);
					return new FailedInboxEvent(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
							row.getInt(4), (next != null) ? next.toInstant() : null, row.getString(6));
				}, Math.max(1, limit));
	}

	/**
	 * Puts a staged event back to {@code RECEIVED} (attempts, error and retry time cleared) so that the next
	 * inbox-processing run takes it again (announced on {@link #STAGED_CHANNEL}, which starts that run); safe for
	 * an event already applied, as journals are unique by source.
	 * @param eventId the Stripe event id
	 * @return the status the row had before, or empty if no such event is staged
	 * @throws DataAccessException if the database cannot be reached
	 */
	public java.util.Optional<InboxStatus> replay(String eventId) {
		java.util.List<String> before = this.jdbc.queryForList("""
				UPDATE webhook_inbox w SET status = ?, attempts = 0, next_attempt_at = NULL, last_error = NULL,
				    processed_at = NULL
				FROM (SELECT id, status FROM webhook_inbox WHERE event_id = ? FOR UPDATE) old
				WHERE w.id = old.id
				RETURNING old.status""", String.class, InboxStatus.RECEIVED.name(), eventId);
		if (!before.isEmpty()) {
			// wakes inbox-processing like a staged row does (delivered when the caller's transaction commits)
			this.jdbc.queryForObject("SELECT 1 FROM pg_notify(?, '')", Integer.class, STAGED_CHANNEL);
		}
		return before.stream().findFirst().map(InboxStatus::valueOf);
	}

}
