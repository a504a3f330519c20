package com.treasurybatch.shared.disputes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores disputes ({@code disputes}) and their notes ({@code dispute_notes}). Joins the caller's transaction.
 *
 * <p>Invariants: one row per dispute id; an event older than the one applied last changes nothing (Stripe does
 * not order its events); a sale key, once known, is kept.
 */
@Repository
public class Disputes {

	/** Most rows one listing returns. */
	public static final int LIST_MAX = 1000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock UTC clock stamping the rows
	 */
	public Disputes(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Inserts the dispute, or updates it when this event is not older than the one applied last.
	 * @param dispute the dispute as an event shows it
	 * @return true if a row was inserted or changed
	 */
	public boolean saveIfNewer(DisputeRecord dispute) {
		return this.jdbc.update("""
				INSERT INTO disputes AS d (dispute_id, charge_id, payment_intent, sale_key, amount, currency, reason,
				    status, evidence_due_by, stripe_created, last_event_id, last_event_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (dispute_id) DO UPDATE SET
				    payment_intent = coalesce(EXCLUDED.payment_intent, d.payment_intent),
				    sale_key = coalesce(d.sale_key, EXCLUDED.sale_key),
				    amount = EXCLUDED.amount, reason = EXCLUDED.reason, status = EXCLUDED.status,
				    evidence_due_by = EXCLUDED.evidence_due_by, last_event_id = EXCLUDED.last_event_id,
				    last_event_at = EXCLUDED.last_event_at, updated_at = EXCLUDED.updated_at
				WHERE EXCLUDED.last_event_at >= d.last_event_at""", dispute.disputeId(), dispute.chargeId(),
				dispute.paymentIntent(), dispute.saleKey(), dispute.amountCents(), dispute.currency(), dispute.reason(),
				dispute.status(), timestamp(dispute.evidenceDueBy()), timestamp(dispute.stripeCreated()),
				dispute.lastEventId(), timestamp(dispute.lastEventAt()), timestamp(this.clock.instant())) == 1;
	}

	/**
	 * A dispute by id.
	 * @param disputeId {@code du_...}
	 * @return the row, or empty
	 */
	public Optional<DisputeRecord> find(String disputeId) {
		return this.jdbc.query("SELECT * FROM disputes WHERE dispute_id = ?", Disputes::row, disputeId)
			.stream()
			.findFirst();
	}

	/**
	 * Disputes, those with the nearest evidence deadline first, then the newest.
	 * @param status Stripe's status, or null for all
	 * @param limit 1 to {@value #LIST_MAX}
	 * @return the rows
	 */
	public List<DisputeRecord> list(String status, int limit) {
		if (limit < 1 || limit > LIST_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + LIST_MAX + ", got " + limit);
		}
		return this.jdbc.query("""
				SELECT * FROM disputes WHERE (?::text IS NULL OR status = ?)
				 ORDER BY evidence_due_by NULLS LAST, stripe_created DESC, dispute_id LIMIT ?""", Disputes::row,
				status, status, limit);
	}

	/**
	 * Disputes still needing a response whose evidence is due at or before an instant.
	 * @param dueBefore the latest {@code due_by} (UTC)
	 * @return the rows, nearest deadline first
	 */
	public List<DisputeRecord> needingResponseDueBy(Instant dueBefore) {
		return this.jdbc.query("""
				SELECT * FROM disputes
				 WHERE status IN ('needs_response', 'warning_needs_response') AND evidence_due_by <= ?
				 ORDER BY evidence_due_by, dispute_id""", Disputes::row, timestamp(dueBefore));
	}

	/**
	 * Adds an operator's note.
	 * @param disputeId {@code du_...}, a known dispute
	 * @param author who wrote it
	 * @param note 1 to 4000 characters
	 * @return the note
	 */
	public DisputeNote addNote(String disputeId, String author, String note) {
		Instant now = this.clock.instant();
		long id = this.jdbc.queryForObject(
				"INSERT INTO dispute_notes (dispute_id, author, note, created_at) VALUES (?, ?, ?, ?) RETURNING id",
				Long.class, disputeId, author, note, timestamp(now));
		return new DisputeNote(id, disputeId, author, note, now);
	}

	/**
	 * The notes of a dispute, oldest first.
	 * @param disputeId {@code du_...}
	 * @return the notes
	 */
	public List<DisputeNote> notes(String disputeId) {
		return this.jdbc.query("SELECT * FROM dispute_notes WHERE dispute_id = ? ORDER BY id",
				(rs, row) -> new DisputeNote(rs.getLong("id"), rs.getString("dispute_id"), rs.getString("author"),
						rs.getString("note"), rs.getTimestamp("created_at").toInstant()),
				disputeId);
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static DisputeRecord row(ResultSet rs, int row) throws SQLException {
		Timestamp due = rs.getTimestamp("evidence_due_by");
		return new DisputeRecord(rs.getString("dispute_id"), rs.getString("charge_id"), rs.getString("payment_intent"),
				rs.getString("sale_key"), rs.getLong("amount"), rs.getString("currency"), rs.getString("reason"),
				rs.getString("status"), (due != null) ? due.toInstant() : null,
				rs.getTimestamp("stripe_created").toInstant(), rs.getString("last_event_id"),
				rs.getTimestamp("last_event_at").toInstant());
	}

}
