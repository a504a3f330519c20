package com.treasurybatch.shared.payouts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Repository;

/**
 * Stores payouts and moves them through their state machine ({@link PayoutStatus}). Joins the caller's
 * transaction.
 *
 * <p>Invariants (each checked here before the write, and by PostgreSQL at the write, see
 * {@code schema/V7__payouts.sql}):
 * <ul>
 * <li>one payout per payee, business date, kind and currency; one per idempotency key, Stripe transfer and
 * Stripe payout (unique keys);</li>
 * <li>a status changes only along the state machine: each move names the statuses it leaves from in its
 * {@code WHERE} clause, and a trigger refuses any other;</li>
 * <li>what a payout pays never changes, and a Stripe id or journal id, once recorded, never changes;</li>
 * <li>the amount reversed only grows, up to the amount; reversed in full is REVERSED;</li>
 * <li>a refused transfer goes back to PENDING only while no later payout of its payee and currency exists
 * (checked in the move's {@code WHERE} clause only): else its amount would be paid twice.</li>
 * </ul>
 *
 * <p>Every move returns true when it changed the row and false when the row was not in a status it leaves from
 * (another writer got there first, or the event is late): callers decide what that means. A move that changes
 * more than one row is a bug and throws.
 */
@Repository
public class Payouts {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock the UTC clock that stamps {@code created_at} and {@code updated_at}
	 */
	public Payouts(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Writes a new payout, PENDING, or HELD when there are hold reasons, with its derived idempotency key; unless
	 * one exists for the payee, date, kind and currency.
	 * @param payeeAccount {@code acct_...}
	 * @param businessDate the business date
	 * @param kind nightly or instant
	 * @param amountCents minor units, positive
	 * @param currency lowercase ISO 4217 code
	 * @param holdReasons why it is held (explained risk rules); empty to pay it
	 * @return the new row; empty if that payee was already given a payout of this kind for this date and currency
	 * @throws IllegalArgumentException if the amount is not positive or the payee is not an {@code acct_} id
	 */
	public Optional<Payout> create(String payeeAccount, LocalDate businessDate, PayoutKind kind, long amountCents,
			String currency, List<String> holdReasons) {
		if (amountCents <= 0) {
			throw new IllegalArgumentException("A payout amount must be positive, got " + amountCents);
		}
		String key = PayoutConventions.idempotencyKey(payeeAccount, businessDate, kind, currency);
		PayoutStatus status = holdReasons.isEmpty() ? PayoutStatus.PENDING : PayoutStatus.HELD;
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Payout> created = this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("""
					INSERT INTO payouts (payee_account, business_date, kind, amount, currency, status, idempotency_key,
					    hold_reasons, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (payee_account, business_date, kind, currency) DO NOTHING
					RETURNING *
					""");
			statement.setString(1, payeeAccount);
			statement.setObject(2, businessDate);
			statement.setString(3, kind.code());
			statement.setLong(4, amountCents);
			statement.setString(5, currency);
			statement.setString(6, status.name());
			statement.setString(7, key);
			statement.setArray(8, connection.createArrayOf("text", holdReasons.toArray()));
			statement.setTimestamp(9, now);
			statement.setTimestamp(10, now);
			return statement;
		}, Payouts::payout);
		return created.stream().findFirst();
	}

	/**
	 * Reads a payout.
	 * @param id row id
	 * @return the payout, or empty
	 */
	public Optional<Payout> find(long id) {
		return one("SELECT * FROM payouts WHERE id = ?", id);
	}

	/**
	 * Reads a payout and locks it until the caller's transaction ends.
	 * @param id row id
	 * @return the payout, or empty
	 */
	public Optional<Payout> findForUpdate(long id) {
		return one("SELECT * FROM payouts WHERE id = ? FOR UPDATE", id);
	}

	/**
	 * Reads the payout of a Stripe transfer and locks it.
	 * @param transferId {@code tr_...}
	 * @return the payout, or empty if no row recorded that transfer
	 */
	public Optional<Payout> findByTransferForUpdate(String transferId) {
		return one("SELECT * FROM payouts WHERE stripe_transfer_id = ? FOR UPDATE", transferId);
	}

	/**
	 * Reads the payout of a Stripe payout and locks it.
	 * @param payoutId {@code po_...}
	 * @return the payout, or empty if no row recorded that payout
	 */
	public Optional<Payout> findByStripePayoutForUpdate(String payoutId) {
		return one("SELECT * FROM payouts WHERE stripe_payout_id = ? FOR UPDATE", payoutId);
	}

	/**
	 * Reads the payout of a payee for a date, kind and currency.
	 * @param payeeAccount {@code acct_...}
	 * @param businessDate business date
	 * @param kind nightly or instant
	 * @param currency lowercase ISO code
	 * @return the payout, or empty
	 */
	public Optional<Payout> find(String payeeAccount, LocalDate businessDate, PayoutKind kind, String currency) {
		return one("""
				SELECT * FROM payouts WHERE payee_account = ? AND business_date = ? AND kind = ? AND currency = ?
				""", payeeAccount, businessDate, kind.code(), currency);
	}

	/** Most rows {@link #list} returns. */
	public static final int LIST_LIMIT_MAX = 1000;

	/**
	 * Lists payouts, newest business date first, then by id.
	 * @param status only this status, or null for all
	 * @param businessDate only this business date, or null for all
	 * @param limitMax most rows, 1 to {@value #LIST_LIMIT_MAX}
	 * @return the payouts
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public List<Payout> list(PayoutStatus status, LocalDate businessDate, int limitMax) {
		if (limitMax < 1 || limitMax > LIST_LIMIT_MAX) {
			throw new IllegalArgumentException("A payout list returns 1 to " + LIST_LIMIT_MAX + " rows, got " + limitMax);
		}
		return this.jdbc.query("""
				SELECT * FROM payouts
				WHERE (?::text IS NULL OR status = ?::text) AND (?::date IS NULL OR business_date = ?::date)
				ORDER BY business_date DESC, id LIMIT ?
				""", Payouts::payout, (status != null) ? status.name() : null, (status != null) ? status.name() : null,
				businessDate, businessDate, limitMax);
	}

	/**
	 * Payouts per status and currency, in the state machine's order, then by currency.
	 * @return one line per status and currency that has payouts
	 */
	public List<PayoutStatusTotal> totalsByStatus() {
		return this.jdbc.query("""
				SELECT status, currency, count(*), coalesce(sum(amount), 0)::bigint FROM payouts
				GROUP BY status, currency""",
				(rs, row) -> new PayoutStatusTotal(PayoutStatus.valueOf(rs.getString(1)), rs.getString(2),
						rs.getLong(3), rs.getLong(4)))
			.stream()
			.sorted(java.util.Comparator.comparing(PayoutStatusTotal::status).thenComparing(PayoutStatusTotal::currency))
			.toList();
	}

	/**
	 * PENDING to HELD.
	 * @param id row id
	 * @param reasons why, at least one
	 * @return true if moved, false if the payout was not PENDING
	 * @throws IllegalArgumentException without reasons
	 */
	public boolean hold(long id, List<String> reasons) {
		if (reasons.isEmpty()) {
			throw new IllegalArgumentException("Holding payout " + id + " needs a reason");
		}
		Timestamp now = now();
		int changed = this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement("""
					UPDATE payouts SET status = 'HELD', hold_reasons = ?, updated_at = ?
					WHERE id = ? AND status = 'PENDING'
					""");
			statement.setArray(1, connection.createArrayOf("text", reasons.toArray()));
			statement.setTimestamp(2, now);
			statement.setLong(3, id);
			return statement;
		});
		return counted(id, "PENDING -> HELD", changed);
	}

	/**
	 * HELD to PENDING, after a person reviewed it; the hold reasons are kept.
	 * @param id row id
	 * @return true if moved, false if it was not HELD
	 */
	public boolean release(long id) {
		return move(id, "HELD -> PENDING",
				"UPDATE payouts SET status = 'PENDING', updated_at = ? WHERE id = ? AND status = 'HELD'", now(), id);
	}

	/**
	 * PENDING, HELD, or FAILED without a transfer, to CANCELED.
	 * @param id row id
	 * @return true if moved, false if money was moved or it is final
	 */
	public boolean cancel(long id) {
		return move(id, "-> CANCELED", """
				UPDATE payouts SET status = 'CANCELED', updated_at = ?
				WHERE id = ? AND (status IN ('PENDING', 'HELD') OR (status = 'FAILED' AND stripe_transfer_id IS NULL))
				""", now(), id);
	}

	/**
	 * PENDING to TRANSFERRED: Stripe created the transfer, and its journal (Dr payable Cr cash) was posted in
	 * this transaction.
	 * @param id row id
	 * @param transferId {@code tr_...}
	 * @param journalId the transfer journal
	 * @return true if moved, false if it was not PENDING
	 */
	public boolean markTransferred(long id, String transferId, long journalId) {
		requirePrefix(transferId, "tr_");
		return move(id, "PENDING -> TRANSFERRED", """
				UPDATE payouts SET status = 'TRANSFERRED', stripe_transfer_id = ?, transfer_journal_id = ?,
				    updated_at = ?
				WHERE id = ? AND status = 'PENDING'
				""", transferId, journalId, now(), id);
	}

	/**
	 * PENDING to FAILED: Stripe refused the transfer, nothing moved.
	 * @param id row id
	 * @param failureCode Stripe's error code, e.g. {@code insufficient_funds}
	 * @param failureMessage Stripe's message, or null
	 * @return true if moved, false if it was not PENDING
	 */
	public boolean markTransferFailed(long id, String failureCode, String failureMessage) {
		Objects.requireNonNull(failureCode, "failureCode");
		return move(id, "PENDING -> FAILED", """
				UPDATE payouts SET status = 'FAILED', failure_code = ?, failure_message = ?, updated_at = ?
				WHERE id = ? AND status = 'PENDING'
				""", failureCode, text(failureMessage), now(), id);
	}

	/**
	 * FAILED without a transfer back to PENDING, to try again; refused once a later payout of the same payee and
	 * currency exists. A refused transfer stops claiming its amount, so the next payout of the payee (a later
	 * night, an instant payout) paid the payee's whole available balance, this amount included: paying it again
	 * would pay it twice. "Later" is by row id (created after), any kind, in any status but CANCELED (a canceled
	 * row paid nothing). The check and the move are one statement; a payout being created for the payee at that
	 * moment (a run in progress) is not seen, so retry between runs.
	 *
	 * <p>The row keeps its idempotency key, and Stripe keeps the answer to a request it executed, refusals
	 * included, for at least 24 hours: a retry within that window replays the refusal (FAILED again, nothing
	 * moved), and while PENDING the row holds its amount back from the night that resumes it: the payee waits a
	 * night more. Usually the retry is the next night, which pays the amount in a new row with a new key.
	 * @param id row id
	 * @return true if moved; false if it was not a refused transfer, or a later payout of the payee and currency
	 * exists ({@link #laterPayout(long)} names it)
	 */
	public boolean retry(long id) {
		return move(id, "FAILED -> PENDING", """
				UPDATE payouts p SET status = 'PENDING', updated_at = ?
				WHERE p.id = ? AND p.status = 'FAILED' AND p.stripe_transfer_id IS NULL
				    AND NOT EXISTS (SELECT 1 FROM payouts later WHERE later.payee_account = p.payee_account
				        AND later.currency = p.currency AND later.id > p.id AND later.status <> 'CANCELED')
				""", now(), id);
	}

	/**
	 * The first payout of the same payee and currency created after this one and not CANCELED: why
	 * {@link #retry(long)} refuses it.
	 * @param id row id
	 * @return that payout, or empty
	 */
	public Optional<Payout> laterPayout(long id) {
		return one("""
				SELECT later.* FROM payouts p JOIN payouts later ON later.payee_account = p.payee_account
				    AND later.currency = p.currency AND later.id > p.id AND later.status <> 'CANCELED'
				WHERE p.id = ? ORDER BY later.id LIMIT 1
				""", id);
	}

	/**
	 * TRANSFERRED to IN_TRANSIT: a payout to the payee's bank was created on the connected account.
	 * @param id row id
	 * @param payoutId {@code po_...}
	 * @return true if moved, false if it was not TRANSFERRED
	 */
	public boolean markInTransit(long id, String payoutId) {
		requirePrefix(payoutId, "po_");
		return move(id, "TRANSFERRED -> IN_TRANSIT", """
				UPDATE payouts SET status = 'IN_TRANSIT', stripe_payout_id = ?, updated_at = ?
				WHERE id = ? AND status = 'TRANSFERRED'
				""", payoutId, now(), id);
	}

	/**
	 * TRANSFERRED or IN_TRANSIT to PAID ({@code payout.paid}), recording the payout id if it was not.
	 * @param id row id
	 * @param payoutId {@code po_...}
	 * @return true if moved, false if it was in another status or recorded another payout
	 */
	public boolean markPaid(long id, String payoutId) {
		requirePrefix(payoutId, "po_");
		return move(id, "-> PAID", """
				UPDATE payouts SET status = 'PAID', stripe_payout_id = ?, updated_at = ?
				WHERE id = ? AND status IN ('TRANSFERRED', 'IN_TRANSIT')
				    AND (stripe_payout_id IS NULL OR stripe_payout_id = ?)
				""", payoutId, now(), id, payoutId);
	}

	/**
	 * TRANSFERRED, IN_TRANSIT or PAID to FAILED ({@code payout.failed}): the funds are back in the payee's Stripe
	 * balance, and the return journal (Dr payouts_returned Cr payable) was posted in this transaction.
	 * @param id row id
	 * @param payoutId {@code po_...}
	 * @param failureCode Stripe's {@code failure_code}
	 * @param failureMessage Stripe's {@code failure_message}, or null
	 * @param journalId the return journal
	 * @return true if moved, false if it was in another status or recorded another payout
	 */
	public boolean markPayoutFailed(long id, String payoutId, String failureCode, String failureMessage,
			long journalId) {
		requirePrefix(payoutId, "po_");
		Objects.requireNonNull(failureCode, "failureCode");
		return move(id, "-> FAILED (payout)", """
				UPDATE payouts SET status = 'FAILED', stripe_payout_id = ?, failure_code = ?, failure_message = ?,
				    failure_journal_id = ?, updated_at = ?
				WHERE id = ? AND status IN ('TRANSFERRED', 'IN_TRANSIT', 'PAID')
				    AND (stripe_payout_id IS NULL OR stripe_payout_id = ?)
				""", payoutId, failureCode, text(failureMessage), journalId, now(), id, payoutId);
	}

	/**
	 * TRANSFERRED, IN_TRANSIT or PAID to FAILED ({@code payout.failed} of a payout we made): the funds are back in
	 * the payee's Stripe balance and nothing is journaled; the payable is credited again only when the transfer is
	 * reversed ({@code transfer.reversed}), see {@link PayoutFailures}.
	 * @param id row id
	 * @param payoutId {@code po_...}
	 * @param failureCode Stripe's {@code failure_code}
	 * @param failureMessage Stripe's {@code failure_message}, or null
	 * @return true if moved, false if it was in another status or recorded another payout
	 */
	public boolean markBankPayoutFailed(long id, String payoutId, String failureCode, String failureMessage) {
		requirePrefix(payoutId, "po_");
		Objects.requireNonNull(failureCode, "failureCode");
		return move(id, "-> FAILED (bank payout)", """
				UPDATE payouts SET status = 'FAILED', stripe_payout_id = ?, failure_code = ?, failure_message = ?,
				    updated_at = ?
				WHERE id = ? AND status IN ('TRANSFERRED', 'IN_TRANSIT', 'PAID')
				    AND (stripe_payout_id IS NULL OR stripe_payout_id = ?)
				""", payoutId, failureCode, text(failureMessage), now(), id, payoutId);
	}

	/**
	 * Records how much of the transfer is reversed so far ({@code transfer.reversed}); reversed in full moves the
	 * payout to REVERSED.
	 * @param id row id
	 * @param amountReversedCents the transfer's {@code amount_reversed}: minor units reversed in total
	 * @return true if recorded, false if the row already recorded as much or more, or has no transfer
	 * @throws IllegalArgumentException if the total is negative
	 */
	public boolean recordReversal(long id, long amountReversedCents) {
		if (amountReversedCents < 0) {
			throw new IllegalArgumentException("A reversed amount cannot be negative, got " + amountReversedCents);
		}
		return move(id, "reversal", """
				UPDATE payouts SET amount_reversed = ?,
				    status = CASE WHEN ? = amount THEN 'REVERSED' ELSE status END, updated_at = ?
				WHERE id = ? AND status IN ('TRANSFERRED', 'IN_TRANSIT', 'PAID', 'FAILED')
				    AND stripe_transfer_id IS NOT NULL AND amount_reversed < ? AND ? <= amount
				""", amountReversedCents, amountReversedCents, now(), id, amountReversedCents, amountReversedCents);
	}

	private boolean move(long id, String what, String sql, Object... args) {
		return counted(id, what, this.jdbc.update(sql, args));
	}

	private static boolean counted(long id, String what, int changed) {
		if (changed > 1) {
			throw new IllegalStateException("Payout " + id + " " + what + " changed " + changed + " rows");
		}
		return changed == 1;
	}

	private Optional<Payout> one(String sql, Object... args) {
		List<Payout> found = this.jdbc.query(sql, Payouts::payout, args);
		if (found.size() > 1) {
			throw new IllegalStateException("Expected at most one payout, found " + found.size());
		}
		return found.stream().findFirst();
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	private static SqlParameterValue text(String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	private static void requirePrefix(String id, String prefix) {
		if (id == null || !id.startsWith(prefix)) {
			throw new IllegalArgumentException("Expected a Stripe id starting with " + prefix + ", got '" + id + "'");
		}
	}

	private static Payout payout(ResultSet rs, int row) throws SQLException {
		Array reasons = rs.getArray("hold_reasons");
		return new Payout(rs.getLong("id"), rs.getString("payee_account"), rs.getObject("business_date", LocalDate.class),
				PayoutKind.fromCode(rs.getString("kind")), rs.getLong("amount"), rs.getString("currency"),
				PayoutStatus.valueOf(rs.getString("status")), rs.getString("idempotency_key"),
				rs.getString("stripe_transfer_id"), rs.getString("stripe_payout_id"), rs.getLong("amount_reversed"),
				rs.getString("failure_code"), rs.getString("failure_message"),
				(reasons != null) ? Arrays.asList((String[]) reasons.getArray()) : List.of(),
				rs.getObject("transfer_journal_id", Long.class), rs.getObject("failure_journal_id", Long.class),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
