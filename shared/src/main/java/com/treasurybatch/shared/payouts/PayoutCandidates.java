package com.treasurybatch.shared.payouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;

/**
 * Reads the candidates of one payee partition for one business date, in two bounded queries: PENDING nightly
 * payouts of this date or earlier (to pay as written), then payables with a non-zero balance and no nightly payout
 * of this date yet (to decide on); each within one range of payee account ids (the nightly job's partitions).
 */
@Repository
public class PayoutCandidates {

	private static final String PENDING_SQL = """
			SELECT id, payee_account, currency FROM payouts
			WHERE status = 'PENDING' AND kind = 'nightly' AND business_date <= ?
			    AND (?::text IS NULL OR payee_account >= ?::text) AND (?::text IS NULL OR payee_account < ?::text)
			ORDER BY payee_account, currency, business_date
			LIMIT ?
			""";

	/**
	 * Payables' figures from the balance snapshots ({@link LedgerSnapshots}); what is cooling off is the sale
	 * credits now minus those at the cool-off start (also from the snapshots), so no query reads every recent
	 * journal.
	 */
	private static final String BALANCES_SQL = """
			WITH payable AS (
			    SELECT id, substr(code, length('payable:') + 1) AS payee FROM ledger_accounts
			    WHERE code LIKE 'payable:%%' AND (?::text IS NULL OR code = 'payable:' || ?::text)
			), ranged AS (
			    SELECT * FROM payable
			    WHERE (?::text IS NULL OR payee >= ?::text) AND (?::text IS NULL OR payee < ?::text)
			), figures AS (
			    %s
			), cooled AS (
			    %s
			), balances AS (
			    SELECT pa.payee, f.currency, (f.credits - f.debits)::bigint AS balance,
			        (f.sale_credits - coalesce(c.sale_credits, 0))::bigint AS cooling, f.sale_credits AS sold,
			        f.refund_debits AS refunded, f.first_sale_at
			    FROM ranged pa JOIN figures f ON f.account_id = pa.id
			        LEFT JOIN cooled c ON c.account_id = pa.id AND c.currency = f.currency
			)
			SELECT b.*,
			    (SELECT coalesce(sum(o.amount), 0) FROM payouts o WHERE o.payee_account = b.payee
			        AND o.currency = b.currency AND o.status IN ('PENDING', 'HELD')) AS held,
			    (SELECT coalesce(max(o.amount), 0) FROM payouts o WHERE o.payee_account = b.payee
			        AND o.currency = b.currency AND o.transfer_journal_id IS NOT NULL) AS largest_past,
			    c.account_id IS NOT NULL AS account_known, coalesce(c.payouts_enabled, false) AS payouts_enabled,
			    c.last_event_created
			FROM balances b LEFT JOIN connected_accounts c ON c.account_id = b.payee
			WHERE b.balance <> 0 AND NOT EXISTS (SELECT 1 FROM payouts t WHERE t.payee_account = b.payee
			    AND t.currency = b.currency AND t.kind = 'nightly' AND t.business_date = ?)
			ORDER BY b.payee, b.currency
			LIMIT ?
			""";

	/** Bound on the currencies read for one payee. */
	private static final int CURRENCIES_PER_PAYEE_MAX = 100;

	private final JdbcTemplate jdbc;

	private final LedgerSnapshots snapshots;

	/**
	 * @param jdbc database access
	 * @param snapshots the daily balance snapshots the balances start from
	 */
	public PayoutCandidates(JdbcTemplate jdbc, LedgerSnapshots snapshots) {
		this.jdbc = jdbc;
		this.snapshots = snapshots;
	}

	/**
	 * The candidates of one partition, PENDING rows first.
	 * @param date the business date
	 * @param coolOffStart sale credits after this instant (UTC) are still cooling off
	 * @param fromPayee inclusive lower bound of the payee ids, or null for none
	 * @param toPayee exclusive upper bound, or null for none
	 * @param limitMax at most this many of each kind
	 * @return the candidates; one list, PENDING rows first
	 */
	public List<PayoutCandidate> find(LocalDate date, Instant coolOffStart, String fromPayee, String toPayee, int limitMax) {
		List<PayoutCandidate> found = new ArrayList<>(this.jdbc.query(PENDING_SQL,
				(rs, row) -> PayoutCandidate.pending(rs.getLong("id"), rs.getString("payee_account"),
						rs.getString("currency")),
				date, fromPayee, fromPayee, toPayee, toPayee, limitMax));
		found.addAll(balances(null, coolOffStart, date, limitMax, fromPayee, toPayee));
		return found;
	}

	/**
	 * One payee's figures in one currency, whatever the nightly runs did (open nightly payouts count as held), for
	 * an instant payout.
	 * @param payeeAccount {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param coolOffStart sale credits after this instant (UTC) are still cooling off
	 * @return the candidate; empty if the payee has no payable balance in that currency
	 */
	public Optional<PayoutCandidate> forPayee(String payeeAccount, String currency, Instant coolOffStart) {
		return balances(payeeAccount, coolOffStart, null, CURRENCIES_PER_PAYEE_MAX, null, null).stream()
			.filter((candidate) -> candidate.currency().equals(currency))
			.findFirst();
	}

	/**
	 * One payee's figures in every currency with a non-zero payable balance, as {@link #forPayee}.
	 * @param payeeAccount {@code acct_...}
	 * @param coolOffStart sale credits after this instant (UTC) are still cooling off
	 * @return the candidates by currency
	 */
	public List<PayoutCandidate> forPayee(String payeeAccount, Instant coolOffStart) {
		return balances(payeeAccount, coolOffStart, null, CURRENCIES_PER_PAYEE_MAX, null, null);
	}

	private List<PayoutCandidate> balances(String payeeAccount, Instant coolOffStart, LocalDate date, int limit,
			String fromPayee, String toPayee) {
		String account = (payeeAccount != null) ? LedgerAccounts.payable(payeeAccount) : null;
		LedgerSnapshots.FiguresQuery figures = this.snapshots.figuresQuery(LedgerSnapshots.LATEST, account);
		// sale credits effective after the cool-off start = now minus at that instant (journals at or before it)
		LedgerSnapshots.FiguresQuery cooled = this.snapshots.figuresQuery(coolOffStart, account);
		List<Object> args = new ArrayList<>(
				java.util.Arrays.asList(payeeAccount, payeeAccount, fromPayee, fromPayee, toPayee, toPayee));
		args.addAll(figures.args());
		args.addAll(cooled.args());
		args.add(date);
		args.add(limit);
		return this.jdbc.query(BALANCES_SQL.formatted(figures.sql(), cooled.sql()), PayoutCandidates::candidate,
				args.toArray());
	}

	private static PayoutCandidate candidate(ResultSet rs, int row) throws SQLException {
		return new PayoutCandidate(rs.getString("payee"), rs.getString("currency").trim(), null,
				rs.getLong("balance"), rs.getLong("cooling"), rs.getLong("held"), rs.getLong("sold"),
				rs.getLong("refunded"), instant(rs.getTimestamp("first_sale_at")), rs.getLong("largest_past"),
				rs.getBoolean("account_known"), rs.getBoolean("payouts_enabled"),
				instant(rs.getTimestamp("last_event_created")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
