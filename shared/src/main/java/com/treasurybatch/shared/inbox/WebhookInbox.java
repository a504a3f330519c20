package com.treasurybatch.shared.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

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

	/** Most event types listed by {@link #statistics()}. */
	public static final int STATISTICS_TYPES_MAX = 1_000;

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
		int inserted = this.jdbc.update(STAGE_SQL, (statement) -> {
			statement.setString(1, envelope.eventId());
			statement.setString(2, envelope.type());
			statement.setString(3, envelope.apiVersion());
			statement.setString(4, envelope.account());
			statement.setBoolean(5, envelope.livemode());
			statement.setObject(6, OffsetDateTime.ofInstant(envelope.created(), ZoneOffset.UTC));
			statement.setString(7, payload);
			statement.setString(8, source.name());
			statement.setObject(9, OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		});
		return switch (inserted) {
			case 0 -> StageOutcome.DUPLICATE;
			case 1 -> StageOutcome.NEW;
			default -> throw new IllegalStateException(
					inserted + " inbox rows inserted for " + envelope.eventId() + ": event_id is not unique");
		};
	}

	/**
	 * The {@code RECEIVED} rows and the age of the oldest: two index-backed aggregates, cheap enough for a health
	 * check.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public InboxBacklog backlog() {
		Instant now = this.clock.instant();
		return this.jdbc.queryForObject(
				"SELECT count(*), min(received_at) FROM webhook_inbox WHERE status = 'RECEIVED'", (row, n) -> {
					Timestamp oldest = row.getTimestamp(2);
					Duration age = (oldest != null) ? Duration.between(oldest.toInstant(), now) : Duration.ZERO;
					return new InboxBacklog(row.getLong(1), age.isNegative() ? Duration.ZERO : age);
				});
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
	 * Puts a staged event back to {@code RECEIVED} (attempts, error and retry time cleared) so that the next
	 * inbox-processing run takes it again; safe for an event already applied, as journals are unique by source.
	 * @param eventId the Stripe event id
	 * @return the status the row had before, or empty if no such event is staged
	 * @throws DataAccessException if the database cannot be reached
	 */
	public java.util.Optional<String> replay(String eventId) {
		java.util.List<String> before = this.jdbc.queryForList("""
				UPDATE webhook_inbox w SET status = 'RECEIVED', attempts = 0, next_attempt_at = NULL, last_error = NULL,
				    processed_at = NULL
				FROM (SELECT id, status FROM webhook_inbox WHERE event_id = ? FOR UPDATE) old
				WHERE w.id = old.id
				RETURNING old.status""", String.class, eventId);
		return before.stream().findFirst();
	}

}
