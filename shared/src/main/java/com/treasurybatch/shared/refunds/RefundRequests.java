package com.treasurybatch.shared.refunds;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores refund requests ({@code refund_requests}). Joins the caller's transaction.
 *
 * <p>Invariants: one row per origin and client request id; a row moves REQUESTED to DECLINED or APPROVED,
 * APPROVED to ISSUED or FAILED, never back.
 */
@Repository
public class RefundRequests {

	/** Most rows one listing returns. */
	public static final int LIST_MAX = 1000;

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public RefundRequests(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a request unless the origin's client request id has one.
	 * @return the new row's id, or empty if that client request id has a row
	 */
	Optional<Long> insert(String clientRequestId, RefundOrigin origin, String paymentIntent, String chargeId,
			long amountCents, String currency, String reason, String stripeReason, RefundRequestStatus status,
			String requestedBy, Instant at) {
		return this.jdbc.queryForList("""
				INSERT INTO refund_requests (client_request_id, origin, payment_intent, charge_id, amount, currency,
				    reason, stripe_reason, status, requested_by, requested_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (origin, client_request_id) DO NOTHING RETURNING id""", Long.class, clientRequestId,
				origin.name(), paymentIntent, chargeId, amountCents, currency, reason, stripeReason, status.name(),
				requestedBy, Timestamp.from(at)).stream().findFirst();
	}

	/**
	 * A request by the caller's id.
	 * @param origin OPS or BUYER
	 * @param clientRequestId the caller's id
	 * @return the row, or empty
	 */
	public Optional<RefundRequestRecord> findByClientId(RefundOrigin origin, String clientRequestId) {
		return this.jdbc.query("SELECT * FROM refund_requests WHERE origin = ? AND client_request_id = ?",
				RefundRequests::row, origin.name(), clientRequestId).stream().findFirst();
	}

	/**
	 * A request by id.
	 * @param id the request's id
	 * @return the row, or empty
	 */
	public Optional<RefundRequestRecord> find(long id) {
		return this.jdbc.query("SELECT * FROM refund_requests WHERE id = ?", RefundRequests::row, id)
			.stream()
			.findFirst();
	}

	/** A request locked until the caller's transaction ends. */
	Optional<RefundRequestRecord> findForUpdate(long id) {
		return this.jdbc.query("SELECT * FROM refund_requests WHERE id = ? FOR UPDATE", RefundRequests::row, id)
			.stream()
			.findFirst();
	}

	/**
	 * Requests, newest first.
	 * @param status only these, or null for all
	 * @param limit 1 to {@value #LIST_MAX}
	 * @return the rows
	 */
	public List<RefundRequestRecord> list(RefundRequestStatus status, int limit) {
		if (limit < 1 || limit > LIST_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + LIST_MAX + ", got " + limit);
		}
		return this.jdbc.query("""
				SELECT * FROM refund_requests WHERE (?::text IS NULL OR status = ?) ORDER BY id DESC LIMIT ?""",
				RefundRequests::row, (status != null) ? status.name() : null, (status != null) ? status.name() : null,
				limit);
	}

	/**
	 * What requests of a sale hold against what is left to refund: APPROVED ones, and ISSUED ones whose Stripe
	 * refund is not booked yet (its {@code refund.created} has not been processed).
	 * @param paymentIntent {@code pi_...}
	 * @param exceptId a request not to count (the one being issued), or 0
	 * @return minor units
	 */
	long inFlightCents(String paymentIntent, long exceptId) {
		Long cents = this.jdbc.queryForObject("""
				SELECT coalesce(sum(amount), 0)::bigint FROM refund_requests q
				 WHERE q.payment_intent = ? AND q.id <> ?
				   AND (q.status = 'APPROVED'
				        OR (q.status = 'ISSUED'
				            AND NOT EXISTS (SELECT 1 FROM charge_refunds r WHERE r.refund_id = q.stripe_refund_id)))""",
				Long.class, paymentIntent, exceptId);
		return (cents != null) ? cents : 0;
	}

	/** Moves a row to a decision: APPROVED or DECLINED from REQUESTED (or APPROVED again from APPROVED). */
	boolean decide(long id, RefundRequestStatus from, RefundRequestStatus to, String by, String reason, Instant at) {
		return this.jdbc.update("""
				UPDATE refund_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
				 WHERE id = ? AND status = ?""", to.name(), by, Timestamp.from(at), reason, id, from.name()) == 1;
	}

	/** APPROVED to ISSUED with Stripe's refund id. */
	boolean issued(long id, String stripeRefundId) {
		return this.jdbc.update(
				"UPDATE refund_requests SET status = 'ISSUED', stripe_refund_id = ? WHERE id = ? AND status = 'APPROVED'",
				stripeRefundId, id) == 1;
	}

	/** APPROVED to FAILED with Stripe's refusal. */
	boolean failed(long id, String reason) {
		return this.jdbc.update(
				"UPDATE refund_requests SET status = 'FAILED', decision_reason = ? WHERE id = ? AND status = 'APPROVED'",
				reason, id) == 1;
	}

	private static RefundRequestRecord row(ResultSet rs, int row) throws SQLException {
		Timestamp decided = rs.getTimestamp("decided_at");
		return new RefundRequestRecord(rs.getLong("id"), rs.getString("client_request_id"),
				RefundOrigin.valueOf(rs.getString("origin")), rs.getString("payment_intent"), rs.getString("charge_id"),
				rs.getLong("amount"), rs.getString("currency"), rs.getString("reason"), rs.getString("stripe_reason"),
				RefundRequestStatus.valueOf(rs.getString("status")), rs.getString("requested_by"),
				rs.getTimestamp("requested_at").toInstant(), rs.getString("decided_by"),
				(decided != null) ? decided.toInstant() : null, rs.getString("decision_reason"),
				rs.getString("stripe_refund_id"));
	}

}
