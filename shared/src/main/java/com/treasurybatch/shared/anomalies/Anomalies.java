package com.treasurybatch.shared.anomalies;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * The {@code anomalies} table: flagged once per business date, rule, subject and currency ({@code ON CONFLICT DO
 * NOTHING}, so
 * a rerun of the night flags nothing twice); resolved once, with a note, audited as {@code anomaly.resolve}.
 */
@Repository
public class Anomalies {

	/** Most anomalies one list returns. */
	public static final int LIST_MAX = 1000;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * @param jdbc database access
	 * @param audit the audit trail
	 * @param transactionManager a resolution and its audit row commit together
	 * @param clock UTC
	 */
	public Anomalies(JdbcTemplate jdbc, AuditLog audit, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Flags an anomaly unless the same date, rule, subject and currency was flagged before.
	 * @param businessDate the UTC day examined
	 * @param rule lowercase with underscores
	 * @param subject {@code acct_...} or {@code journal:<id>}
	 * @param currency the figures' ISO currency, lowercase ({@code usd})
	 * @param figuresJson the figures as a JSON object
	 * @param message for people
	 * @return the anomaly if flagged now, null if it had been
	 */
	public Anomaly flag(LocalDate businessDate, String rule, String subject, String currency, String figuresJson,
			String message) {
		List<Long> id = this.jdbc.queryForList("""
				INSERT INTO anomalies (business_date, rule, subject, currency, figures, message, created_at)
				VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
				ON CONFLICT (business_date, rule, subject, currency) DO NOTHING RETURNING id""",
				Long.class, businessDate, rule, subject, currency, figuresJson, message, Timestamp.from(this.clock.instant()));
		return id.isEmpty() ? null : byId(id.get(0));
	}

	/**
	 * Stores a reviewer's explanation.
	 * @param id the anomaly
	 * @param explanation for people
	 */
	public void explain(long id, String explanation) {
		this.jdbc.update("UPDATE anomalies SET explanation = ? WHERE id = ?", explanation, id);
	}

	/**
	 * One anomaly.
	 * @param id its id
	 * @return it, or null
	 */
	public Anomaly byId(long id) {
		List<Anomaly> found = this.jdbc.query("SELECT * FROM anomalies WHERE id = ?", Anomalies::anomaly, id);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Anomalies, newest business date first.
	 * @param openOnly true for unresolved ones only
	 * @param limit 1 to {@value #LIST_MAX}
	 * @return the anomalies
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public List<Anomaly> list(boolean openOnly, int limit) {
		if (limit < 1 || limit > LIST_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + LIST_MAX + ", got " + limit);
		}
		return this.jdbc.query("""
				SELECT * FROM anomalies WHERE (NOT ? OR resolved_at IS NULL)
				 ORDER BY business_date DESC, id DESC LIMIT ?""", Anomalies::anomaly, openOnly, limit);
	}

	/** How a resolution ended. */
	public enum Outcome {

		/** Resolved now. */
		RESOLVED,

		/** Resolved before. */
		ALREADY_RESOLVED,

		/** No anomaly has this id. */
		UNKNOWN

	}

	/**
	 * Resolves an anomaly with a note, audited {@code anomaly.resolve}.
	 * @param id the anomaly
	 * @param note why, for people
	 * @param actor who
	 * @return what happened
	 * @throws IllegalArgumentException if the note is blank
	 */
	public Outcome resolve(long id, String note, Actor actor) {
		if (note == null || note.isBlank()) {
			throw new IllegalArgumentException("note is required");
		}
		return this.transaction.execute((status) -> {
			int updated = this.jdbc.update("""
					UPDATE anomalies SET resolved_at = ?, resolved_by = ?, resolution_note = ?
					 WHERE id = ? AND resolved_at IS NULL""", Timestamp.from(this.clock.instant()), actor.name(),
					note.strip(), id);
			Outcome outcome = (updated == 1) ? Outcome.RESOLVED
					: (byId(id) == null) ? Outcome.UNKNOWN : Outcome.ALREADY_RESOLVED;
			this.audit.record(new AuditEvent(actor, "anomaly.resolve", "anomaly:" + id, Map.of("note", note.strip()),
					(outcome == Outcome.RESOLVED) ? AuditOutcome.OK : AuditOutcome.REFUSED, outcome.name().toLowerCase()));
			return outcome;
		});
	}

	static Anomaly anomaly(ResultSet rs, int row) throws SQLException {
		Timestamp resolved = rs.getTimestamp("resolved_at");
		return new Anomaly(rs.getLong("id"), rs.getObject("business_date", LocalDate.class), rs.getString("rule"),
				rs.getString("subject"), rs.getString("currency"), rs.getString("figures"), rs.getString("message"), rs.getString("explanation"),
				rs.getTimestamp("created_at").toInstant(), (resolved != null) ? resolved.toInstant() : null,
				rs.getString("resolved_by"), rs.getString("resolution_note"));
	}

}
