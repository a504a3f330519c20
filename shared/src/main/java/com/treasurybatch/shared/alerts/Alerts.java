package com.treasurybatch.shared.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Raises and acknowledges alerts. Joins the caller's transaction, so an alert about an event commits (or rolls
 * back) with that event's effects.
 *
 * <p>Invariants: an alert is stored at most once per deduplication key (a unique key, {@code ON CONFLICT DO
 * NOTHING}); an acknowledged alert says who and when, and is acknowledged once.
 *
 * <p>Routing (email, chat) is not done here: {@link AlertRouter} reads open, undelivered rows from the {@code alerts}
 * table as an outbox, so that an alert raised by a transaction that rolls back is never sent.
 */
@Repository
public class Alerts {

	/** Longest message stored; longer ones are cut. */
	public static final int MESSAGE_LENGTH_MAX = 2000;

	/** Most alerts one call to {@link #open(int)} returns. */
	public static final int OPEN_ALERTS_PER_CALL_MAX = 1000;

	private static final Pattern KIND = Pattern.compile("[a-z_]+");

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock the UTC clock that stamps alerts
	 */
	public Alerts(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Raises an alert unless one with the same deduplication key exists (acknowledged or not).
	 * @param severity how urgent
	 * @param kind what happened, lowercase with underscores, e.g. {@code payouts_disabled}
	 * @param subject what it is about, e.g. {@code acct_1IuHosQveW0ONQsd}
	 * @param message for people; no personal data; cut to {@link #MESSAGE_LENGTH_MAX} characters
	 * @param dedupKey unique per occurrence, e.g. {@code payouts_disabled:acct_...:evt_...}
	 * @return true if raised now, false if it had been raised before
	 * @throws IllegalArgumentException if the kind is not lowercase with underscores or the key is blank
	 */
	public boolean raise(Severity severity, String kind, String subject, String message, String dedupKey) {
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(message, "message");
		if (kind == null || !KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("Alert kind must be lowercase with underscores, got '" + kind + "'");
		}
		if (dedupKey == null || dedupKey.isBlank()) {
			throw new IllegalArgumentException("Alert " + kind + " needs a deduplication key");
		}
		String stored = (message.length() > MESSAGE_LENGTH_MAX) ? message.substring(0, MESSAGE_LENGTH_MAX) : message;
		int inserted = this.jdbc.update("""
				INSERT INTO alerts (severity, kind, subject, message, dedup_key, created_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (dedup_key) DO NOTHING
				""", severity.name(), kind, subject, stored, dedupKey, Timestamp.from(this.clock.instant()));
		return inserted == 1;
	}

	/**
	 * Open alerts, oldest first.
	 * @param limitMax most rows returned, 1 to {@link #OPEN_ALERTS_PER_CALL_MAX}
	 * @return open alerts
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public List<Alert> open(int limitMax) {
		if (limitMax < 1 || limitMax > OPEN_ALERTS_PER_CALL_MAX) {
			throw new IllegalArgumentException("limitMax must be 1 to " + OPEN_ALERTS_PER_CALL_MAX + ", got " + limitMax);
		}
		return this.jdbc.query("""
				SELECT * FROM alerts WHERE acknowledged_at IS NULL AND resolved_at IS NULL ORDER BY created_at, id LIMIT ?
				""", Alerts::alert, limitMax);
	}

	/**
	 * The alert raised under a deduplication key.
	 * @param dedupKey the key given to {@link #raise}
	 * @return the alert, or null if none was raised
	 */
	public Alert find(String dedupKey) {
		List<Alert> found = this.jdbc.query("SELECT * FROM alerts WHERE dedup_key = ?", Alerts::alert, dedupKey);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Marks an alert as seen by a person.
	 * @param id the alert id
	 * @param acknowledgedBy who, e.g. an operator's login
	 * @return true if acknowledged now, false if unknown or already acknowledged
	 * @throws IllegalArgumentException if acknowledgedBy is blank
	 */
	public boolean acknowledge(long id, String acknowledgedBy) {
		if (acknowledgedBy == null || acknowledgedBy.isBlank()) {
			throw new IllegalArgumentException("An acknowledgement needs the name of who acknowledged");
		}
		int updated = this.jdbc.update(
				"UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL",
				Timestamp.from(this.clock.instant()), acknowledgedBy, id);
		if (updated > 1) {
			throw new IllegalStateException("Acknowledging alert " + id + " changed " + updated + " rows");
		}
		return updated == 1;
	}

	/**
	 * One alert by id.
	 * @param id the alert id
	 * @return the alert, or null if there is none
	 */
	public Alert byId(long id) {
		List<Alert> found = this.jdbc.query("SELECT * FROM alerts WHERE id = ?", Alerts::alert, id);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Alerts newest first, open ones only or all.
	 * @param openOnly true for alerts neither acknowledged nor resolved only
	 * @param limitMax most rows returned, 1 to {@link #OPEN_ALERTS_PER_CALL_MAX}
	 * @return the alerts
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public List<Alert> latest(boolean openOnly, int limitMax) {
		if (limitMax < 1 || limitMax > OPEN_ALERTS_PER_CALL_MAX) {
			throw new IllegalArgumentException("limitMax must be 1 to " + OPEN_ALERTS_PER_CALL_MAX + ", got " + limitMax);
		}
		return this.jdbc.query("SELECT * FROM alerts WHERE (NOT ? OR (acknowledged_at IS NULL AND resolved_at IS NULL)) ORDER BY created_at DESC, id DESC LIMIT ?",
				Alerts::alert, openOnly, limitMax);
	}

	/**
	 * Assigns an unresolved alert to a person (again, to another, is allowed).
	 * @param id the alert id
	 * @param assignee who works it, e.g. an operator's login
	 * @return true if assigned now, false if unknown or resolved
	 * @throws IllegalArgumentException if the assignee is blank
	 */
	public boolean assign(long id, String assignee) {
		if (assignee == null || assignee.isBlank()) {
			throw new IllegalArgumentException("An assignment needs the name of the assignee");
		}
		return this.jdbc.update(
				"UPDATE alerts SET assigned_to = ?, assigned_at = ? WHERE id = ? AND resolved_at IS NULL",
				assignee.strip(), Timestamp.from(this.clock.instant()), id) == 1;
	}

	/**
	 * Resolves an alert with a note; it leaves the open list and is sent no more (a channel that was told of it,
	 * such as PagerDuty, is told it is resolved by the next delivery run).
	 * @param id the alert id
	 * @param resolvedBy who, e.g. an operator's login or a job's name
	 * @param note why, for people; cut to {@link #MESSAGE_LENGTH_MAX} characters
	 * @return true if resolved now, false if unknown or resolved before
	 * @throws IllegalArgumentException if resolvedBy or the note is blank
	 */
	public boolean resolve(long id, String resolvedBy, String note) {
		if (resolvedBy == null || resolvedBy.isBlank() || note == null || note.isBlank()) {
			throw new IllegalArgumentException("A resolution needs who resolved and a note");
		}
		String stored = (note.length() > MESSAGE_LENGTH_MAX) ? note.substring(0, MESSAGE_LENGTH_MAX) : note;
		return this.jdbc.update(
				"UPDATE alerts SET resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ? AND resolved_at IS NULL",
				Timestamp.from(this.clock.instant()), resolvedBy, stored, id) == 1;
	}

	static Alert alert(ResultSet rs, int row) throws SQLException {
		Timestamp acknowledged = rs.getTimestamp("acknowledged_at");
		Timestamp resolved = rs.getTimestamp("resolved_at");
		return new Alert(rs.getLong("id"), Severity.valueOf(rs.getString("severity")), rs.getString("kind"),
				rs.getString("subject"), rs.getString("message"), rs.getString("dedup_key"),
				rs.getTimestamp("created_at").toInstant(), (acknowledged != null) ? acknowledged.toInstant() : null,
				rs.getString("acknowledged_by"), rs.getString("assigned_to"),
				(resolved != null) ? resolved.toInstant() : null, rs.getString("resolved_by"),
				rs.getString("resolution_note"));
	}

}
