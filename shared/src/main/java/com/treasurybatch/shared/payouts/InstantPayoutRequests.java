package com.treasurybatch.shared.payouts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores instant payout requests and writes the {@code instant} payout row that pays one. Joins the caller's
 * transaction.
 *
 * <p>Invariants (checked here, and by PostgreSQL at the write, see {@code schema/V10__instant_payout_requests.sql}):
 * <ul>
 * <li>one open (REQUESTED) request per payee and currency;</li>
 * <li>a request is paid by at most one payout row, whose idempotency key names the request
 * ({@link #payoutKey}), so a rerun replays the same Stripe calls;</li>
 * <li>PAID, REJECTED and FAILED are final.</li>
 * </ul>
 * Every move returns true when it changed the row, false when the request was no longer open; more than one row
 * changed is a bug and throws.
 */
@Repository
public class InstantPayoutRequests {

	/** Most rows {@link #open} and {@link #list} return. */
	public static final int LIST_LIMIT_MAX = 10_000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock the UTC clock stamping the rows
	 */
	public InstantPayoutRequests(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a request, REQUESTED, unless one of the payee in that currency is open.
	 * @param payeeAccount {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param amountCents minor units, positive, or null for all available
	 * @param requestedBy the actor's name
	 * @return the new request; empty if one is open
	 */
	public Optional<InstantPayoutRequest> create(String payeeAccount, String currency, Long amountCents,
			String requestedBy) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.query("""
				INSERT INTO instant_payout_requests (payee_account, currency, amount, status, requested_at,
				    requested_by, updated_at)
				VALUES (?, ?, ?, 'REQUESTED', ?, ?, ?)
				ON CONFLICT (payee_account, currency) WHERE status = 'REQUESTED' DO NOTHING
				RETURNING *
				""", InstantPayoutRequests::request, payeeAccount, currency, amountCents, now, requestedBy, now)
			.stream()
			.findFirst();
	}

	/**
	 * Reads a request.
	 * @param id row id
	 * @return the request, or empty
	 */
	public Optional<InstantPayoutRequest> find(long id) {
		return this.jdbc.query("SELECT * FROM instant_payout_requests WHERE id = ?", InstantPayoutRequests::request, id)
			.stream()
			.findFirst();
	}

	/**
	 * Reads a request and locks it until the caller's transaction ends.
	 * @param id row id
	 * @return the request, or empty
	 */
	public Optional<InstantPayoutRequest> findForUpdate(long id) {
		return this.jdbc
			.query("SELECT * FROM instant_payout_requests WHERE id = ? FOR UPDATE", InstantPayoutRequests::request, id)
			.stream()
			.findFirst();
	}

	/**
	 * The open requests, oldest first.
	 * @param limitMax most rows, 1 to {@value #LIST_LIMIT_MAX}
	 * @return the REQUESTED rows
	 */
	public List<InstantPayoutRequest> open(int limitMax) {
		checkLimit(limitMax);
		return this.jdbc.query("""
				SELECT * FROM instant_payout_requests WHERE status = 'REQUESTED' ORDER BY requested_at, id LIMIT ?
				""", InstantPayoutRequests::request, limitMax);
	}

	/**
	 * The newest requests first.
	 * @param payeeAccount only this payee, or null for all
	 * @param limitMax most rows, 1 to {@value #LIST_LIMIT_MAX}
	 * @return the requests
	 */
	public List<InstantPayoutRequest> list(String payeeAccount, int limitMax) {
		checkLimit(limitMax);
		return this.jdbc.query("""
				SELECT * FROM instant_payout_requests WHERE (?::text IS NULL OR payee_account = ?::text)
				ORDER BY requested_at DESC, id DESC LIMIT ?
				""", InstantPayoutRequests::request, payeeAccount, payeeAccount, limitMax);
	}

	/**
	 * The idempotency key of the payout row paying a request: the payout conventions' key of kind instant for the
	 * date, then {@code :request:<id>}, e.g. {@code payout:instant:acct_1Iu:usd:2026-11-20:request:42}.
	 * @param request the request
	 * @param date the UTC date the payout row is written
	 * @return the key
	 */
	public static String payoutKey(InstantPayoutRequest request, LocalDate date) {
		return PayoutConventions.idempotencyKey(request.payeeAccount(), date, PayoutKind.INSTANT, request.currency())
				+ ":request:" + request.id();
	}

	/**
	 * Writes the PENDING instant payout row of an open request and names it on the request. One instant payout per
	 * payee, currency and date (the payouts table's unique key).
	 * @param request an open request without a payout
	 * @param date the UTC date of the payout row
	 * @param amountCents minor units to pay, positive
	 * @return the payout row id; empty if the payee already has an instant payout in that currency on that date
	 * @throws IllegalStateException if the request was not open or already had a payout
	 */
	public Optional<Long> createPayout(InstantPayoutRequest request, LocalDate date, long amountCents) {
		if (amountCents <= 0) {
			throw new IllegalArgumentException("A payout amount must be positive, got " + amountCents);
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Long> ids = this.jdbc.queryForList("""
				INSERT INTO payouts (payee_account, business_date, kind, amount, currency, status, idempotency_key,
				    created_at, updated_at)
				VALUES (?, ?, 'instant', ?, ?, 'PENDING', ?, ?, ?)
				ON CONFLICT (payee_account, business_date, kind, currency) DO NOTHING
				RETURNING id
				""", Long.class, request.payeeAccount(), date, amountCents, request.currency(),
				payoutKey(request, date), now, now);
		if (ids.isEmpty()) {
			return Optional.empty();
		}
		int changed = this.jdbc.update("""
				UPDATE instant_payout_requests SET payout_id = ?, updated_at = ?
				WHERE id = ? AND status = 'REQUESTED' AND payout_id IS NULL
				""", ids.get(0), now, request.id());
		if (changed != 1) {
			throw new IllegalStateException("Instant payout request " + request.id()
					+ " is no longer open without a payout (" + changed + " rows)");
		}
		return Optional.of(ids.get(0));
	}

	/**
	 * REQUESTED to PAID.
	 * @param id row id
	 * @param method {@code instant} or {@code standard}: what Stripe made
	 * @param note for people, or null
	 * @return true if moved, false if it was not open
	 */
	public boolean markPaid(long id, String method, String note) {
		return counted(id, this.jdbc.update("""
				UPDATE instant_payout_requests SET status = 'PAID', payout_method = ?, note = ?, updated_at = ?
				WHERE id = ? AND status = 'REQUESTED' AND payout_id IS NOT NULL
				""", method, note, Timestamp.from(this.clock.instant()), id));
	}

	/**
	 * REQUESTED to REJECTED or FAILED.
	 * @param id row id
	 * @param status REJECTED or FAILED
	 * @param reasons why, at least one
	 * @return true if moved, false if it was not open
	 */
	public boolean refuse(long id, InstantPayoutRequestStatus status, List<String> reasons) {
		if (status != InstantPayoutRequestStatus.REJECTED && status != InstantPayoutRequestStatus.FAILED) {
			throw new IllegalArgumentException("A request is refused as REJECTED or FAILED, not " + status);
		}
		if (reasons.isEmpty()) {
			throw new IllegalArgumentException("Refusing instant payout request " + id + " needs a reason");
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		return counted(id, this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement("""
					UPDATE instant_payout_requests SET status = ?, reasons = ?, updated_at = ?
					WHERE id = ? AND status = 'REQUESTED'
					""");
			statement.setString(1, status.name());
			statement.setArray(2, connection.createArrayOf("text", reasons.toArray()));
			statement.setTimestamp(3, now);
			statement.setLong(4, id);
			return statement;
		}));
	}

	private static boolean counted(long id, int changed) {
		if (changed > 1) {
			throw new IllegalStateException("Instant payout request " + id + ": " + changed + " rows changed");
		}
		return changed == 1;
	}

	private static void checkLimit(int limitMax) {
		if (limitMax < 1 || limitMax > LIST_LIMIT_MAX) {
			throw new IllegalArgumentException("A request list returns 1 to " + LIST_LIMIT_MAX + " rows, got " + limitMax);
		}
	}

	private static InstantPayoutRequest request(ResultSet rs, int row) throws SQLException {
		Array reasons = rs.getArray("reasons");
		long amount = rs.getLong("amount");
		Long amountCents = rs.wasNull() ? null : amount;
		long payout = rs.getLong("payout_id");
		Long payoutId = rs.wasNull() ? null : payout;
		return new InstantPayoutRequest(rs.getLong("id"), rs.getString("payee_account"),
				rs.getString("currency").trim(), amountCents,
				InstantPayoutRequestStatus.valueOf(rs.getString("status")),
				rs.getTimestamp("requested_at").toInstant(), rs.getString("requested_by"), payoutId,
				rs.getString("payout_method"),
				(reasons != null) ? Arrays.asList((String[]) reasons.getArray()) : List.of(), rs.getString("note"),
				rs.getTimestamp("updated_at").toInstant());
	}

}
