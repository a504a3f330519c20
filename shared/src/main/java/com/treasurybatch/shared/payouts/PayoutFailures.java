package com.treasurybatch.shared.payouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Repository;

/**
 * Stores the failed bank payouts of our payout rows ({@code payout_failures}, {@code schema/V25__payout_failures.sql})
 * and moves them OPEN to REVERSAL_MADE or REVERSAL_REFUSED, and REVERSAL_REFUSED back to OPEN with a new attempt.
 * Joins the caller's transaction. Every move returns false when the row was not in the status it leaves from.
 */
@Repository
public class PayoutFailures {

	/** Most rows {@link #list} and {@link #open} return. */
	public static final int LIST_LIMIT_MAX = 1000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock the UTC clock of {@code created_at} and {@code updated_at}
	 */
	public PayoutFailures(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a failed bank payout of a payout row, OPEN; nothing if that Stripe payout is recorded already.
	 * @param stripePayoutId {@code po_...}
	 * @param payout our row
	 * @param amountCents minor units returned, positive
	 * @param failureCode Stripe's code
	 * @param failureMessage Stripe's message, or null
	 * @param failedAt the event's {@code created}
	 * @return true if recorded now, false if it was already
	 */
	public boolean record(String stripePayoutId, Payout payout, long amountCents, String failureCode,
			String failureMessage, Instant failedAt) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.update("""
				INSERT INTO payout_failures (stripe_payout_id, payout_id, payee_account, amount, currency, failure_code,
				    failure_message, failed_at, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
				ON CONFLICT (stripe_payout_id) DO NOTHING
				""", stripePayoutId, payout.id(), payout.payeeAccount(), amountCents, payout.currency(), failureCode,
				new SqlParameterValue(Types.VARCHAR, failureMessage), Timestamp.from(failedAt), now, now) == 1;
	}

	/**
	 * @param stripePayoutId {@code po_...}
	 * @return its failure, or empty
	 */
	public Optional<PayoutFailure> find(String stripePayoutId) {
		return this.jdbc.query("SELECT * FROM payout_failures WHERE stripe_payout_id = ?", PayoutFailures::failure,
				stripePayoutId).stream().findFirst();
	}

	/**
	 * @param payoutId our payout row
	 * @return the failure of its bank payout, or empty
	 */
	public Optional<PayoutFailure> forPayout(long payoutId) {
		return this.jdbc.query("SELECT * FROM payout_failures WHERE payout_id = ?", PayoutFailures::failure,
				payoutId).stream().findFirst();
	}

	/**
	 * The OPEN failures, oldest first.
	 * @param limitMax 1 to {@value #LIST_LIMIT_MAX}
	 */
	public List<PayoutFailure> open(int limitMax) {
		return this.jdbc.query("SELECT * FROM payout_failures WHERE status = 'OPEN' ORDER BY failed_at, "
				+ "stripe_payout_id LIMIT ?", PayoutFailures::failure, limit(limitMax));
	}

	/**
	 * Every failure, newest first.
	 * @param status only this status, or null for all
	 * @param limitMax 1 to {@value #LIST_LIMIT_MAX}
	 */
	public List<PayoutFailure> list(PayoutFailureStatus status, int limitMax) {
		String name = (status != null) ? status.name() : null;
		return this.jdbc.query("""
				SELECT * FROM payout_failures WHERE (?::text IS NULL OR status = ?::text)
				ORDER BY failed_at DESC, stripe_payout_id LIMIT ?
				""", PayoutFailures::failure, name, name, limit(limitMax));
	}

	/**
	 * OPEN to REVERSAL_MADE.
	 * @param stripePayoutId the failed {@code po_...}
	 * @param reversalId {@code trr_...}
	 * @return true if moved
	 */
	public boolean markReversalMade(String stripePayoutId, String reversalId) {
		return this.jdbc.update("""
				UPDATE payout_failures SET status = 'REVERSAL_MADE', stripe_reversal_id = ?, reversal_error = NULL,
				    updated_at = ?
				WHERE stripe_payout_id = ? AND status = 'OPEN'
				""", reversalId, now(), stripePayoutId) == 1;
	}

	/**
	 * OPEN to REVERSAL_REFUSED.
	 * @param stripePayoutId the failed {@code po_...}
	 * @param error Stripe's code and message
	 * @return true if moved
	 */
	public boolean markReversalRefused(String stripePayoutId, String error) {
		return this.jdbc.update("""
				UPDATE payout_failures SET status = 'REVERSAL_REFUSED', reversal_error = ?, updated_at = ?
				WHERE stripe_payout_id = ? AND status = 'OPEN'
				""", error, now(), stripePayoutId) == 1;
	}

	/**
	 * REVERSAL_REFUSED back to OPEN as a new attempt (a new idempotency key): ops asked to try the reversal again.
	 * @param payoutId our payout row
	 * @return true if reopened
	 */
	public boolean reopen(long payoutId) {
		return this.jdbc.update("""
				UPDATE payout_failures SET status = 'OPEN', reversal_attempt = reversal_attempt + 1, updated_at = ?
				WHERE payout_id = ? AND status = 'REVERSAL_REFUSED'
				""", now(), payoutId) == 1;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	private static int limit(int limitMax) {
		if (limitMax < 1 || limitMax > LIST_LIMIT_MAX) {
			throw new IllegalArgumentException("A failure list returns 1 to " + LIST_LIMIT_MAX + " rows, got "
					+ limitMax);
		}
		return limitMax;
	}

	private static PayoutFailure failure(ResultSet rs, int row) throws SQLException {
		return new PayoutFailure(rs.getString("stripe_payout_id"), rs.getLong("payout_id"),
				rs.getString("payee_account"), rs.getLong("amount"), rs.getString("currency"),
				rs.getString("failure_code"), rs.getString("failure_message"),
				rs.getTimestamp("failed_at").toInstant(), PayoutFailureStatus.valueOf(rs.getString("status")),
				rs.getInt("reversal_attempt"), rs.getString("stripe_reversal_id"), rs.getString("reversal_error"));
	}

}
