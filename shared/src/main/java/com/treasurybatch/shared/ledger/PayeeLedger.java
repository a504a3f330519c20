package com.treasurybatch.shared.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads of payees' payable accounts and of the suspense account: entries with running balances, what disputes
 * reserve, the sales held in suspense. Owns no table.
 */
@Repository
public class PayeeLedger {

	/** Longest page of entries. */
	public static final int PAGE_MAX = 1000;

	private final JdbcTemplate jdbc;

	private final LedgerSnapshots snapshots;

	/**
	 * @param jdbc database access
	 * @param snapshots opening balances
	 */
	public PayeeLedger(JdbcTemplate jdbc, LedgerSnapshots snapshots) {
		this.jdbc = jdbc;
		this.snapshots = snapshots;
	}

	/**
	 * The balance of one account in one currency of journals effective strictly before an instant.
	 * @param accountCode the account
	 * @param currency lowercase ISO 4217
	 * @param before the instant (UTC)
	 * @return the balance on the account's normal side, minor units
	 */
	public long balanceBefore(String accountCode, String currency, Instant before) {
		return this.snapshots.figuresAt(before.minus(1, ChronoUnit.MICROS), accountCode)
			.stream()
			.filter((f) -> f.currency().equals(currency))
			.mapToLong(AccountFigures::balanceCents)
			.sum();
	}

	/**
	 * A page of a payee's entries in effective order (then posting id), {@code from} inclusive, {@code to}
	 * exclusive, after a position.
	 * @param payeeAccount {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param from first instant (UTC)
	 * @param to end instant, exclusive (UTC)
	 * @param after the last line of the previous page, or null for the first page (then the running balance starts
	 * from the balance before {@code from})
	 * @param limit 1 to {@value #PAGE_MAX}
	 * @return the lines, each with the balance after it
	 */
	public List<PayeeEntry> entries(String payeeAccount, String currency, Instant from, Instant to, PayeeEntry after,
			int limit) {
		long balance = (after != null) ? after.balanceCents()
				: balanceBefore(LedgerAccounts.payable(payeeAccount), currency, from);
		return page(payeeAccount, currency, from, to, after, balance, limit);
	}

	/**
	 * The first page of {@link #entries}, its running balance starting from an opening balance the caller already
	 * has (a statement sums its opening with its totals), so no balance before {@code from} is read; the next pages
	 * are {@link #entries} after this page's last line.
	 * @param payeeAccount {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param from first instant (UTC)
	 * @param to end instant, exclusive (UTC)
	 * @param openingCents the payable balance before {@code from}, minor units
	 * @param limit 1 to {@value #PAGE_MAX}
	 * @return the lines, each with the balance after it
	 */
	public List<PayeeEntry> entriesFrom(String payeeAccount, String currency, Instant from, Instant to,
			long openingCents, int limit) {
		return page(payeeAccount, currency, from, to, null, openingCents, limit);
	}

	private List<PayeeEntry> page(String payeeAccount, String currency, Instant from, Instant to, PayeeEntry after,
			long opening, int limit) {
		if (limit < 1 || limit > PAGE_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + PAGE_MAX + ", got " + limit);
		}
		String account = LedgerAccounts.payable(payeeAccount);
		long balance = opening;
		Instant afterAt = (after != null) ? after.effectiveAt() : null;
		Long afterId = (after != null) ? after.postingId() : null;
		List<PayeeEntry> rows = this.jdbc.query("""
				SELECT p.id, j.id AS journal_id, j.kind, j.source_id, j.effective_at, j.description, p.side, p.amount
				FROM postings p JOIN journals j ON j.id = p.journal_id
				WHERE p.account_id = (SELECT id FROM ledger_accounts WHERE code = ?) AND p.currency = ?
				    AND j.effective_at >= ? AND j.effective_at < ?
				    AND (?::timestamptz IS NULL OR (j.effective_at, p.id) > (?::timestamptz, ?::bigint))
				ORDER BY j.effective_at, p.id LIMIT ?""",
				(rs, n) -> new PayeeEntry(rs.getLong("id"), rs.getLong("journal_id"), rs.getString("kind"),
						rs.getString("source_id"), rs.getTimestamp("effective_at").toInstant(),
						rs.getString("description"), rs.getString("side"), rs.getLong("amount"), currency, 0),
				account, currency, Timestamp.from(from), Timestamp.from(to), ts(afterAt), ts(afterAt), afterId, limit);
		List<PayeeEntry> page = new ArrayList<>(rows.size());
		for (PayeeEntry row : rows) {
			balance = Math.addExact(balance, row.signedCents());
			page.add(new PayeeEntry(row.postingId(), row.journalId(), row.kind(), row.stripeObject(),
					row.effectiveAt(), row.description(), row.side(), row.amountCents(), currency, balance));
		}
		return page;
	}

	/**
	 * What the reversals among some lines reverse: for each line whose journal mirrors another
	 * ({@code journals.reverses_journal_id}, e.g. a {@code reversal} of a won dispute's {@code dispute_reserve}), the
	 * kind of the journal it mirrors. Statements total a reversal under that kind. One query by journal id.
	 * @param lines lines of {@link #entries}, at most {@value #PAGE_MAX}
	 * @return the reversed journal's kind by the reversing line's {@code journalId}; lines of other journals are
	 * absent
	 */
	public Map<Long, String> reversedKinds(List<PayeeEntry> lines) {
		if (lines.size() > PAGE_MAX) {
			throw new IllegalArgumentException("at most " + PAGE_MAX + " lines, got " + lines.size());
		}
		Map<Long, String> kinds = new TreeMap<>();
		if (lines.isEmpty()) {
			return kinds;
		}
		Long[] journalIds = lines.stream().map(PayeeEntry::journalId).distinct().toArray(Long[]::new);
		this.jdbc.query("""
				SELECT j.id, r.kind FROM journals j JOIN journals r ON r.id = j.reverses_journal_id
				WHERE j.id = ANY(?::bigint[])""", (rs) -> {
			kinds.put(rs.getLong(1), rs.getString(2));
		}, (Object) journalIds);
		return kinds;
	}

	/**
	 * What open disputes hold of a payee's money in {@code platform:dispute_reserve}, per currency: the payee's
	 * debits of {@code dispute_reserve} journals not reversed (won) and without a {@code dispute_loss} (lost).
	 * @param payeeAccount {@code acct_...}
	 * @return minor units by currency
	 */
	public Map<String, Long> reserved(String payeeAccount) {
		Map<String, Long> reserved = new TreeMap<>();
		this.jdbc.query("""
				SELECT p.currency, sum(p.amount)::bigint FROM journals j JOIN postings p ON p.journal_id = j.id
				WHERE j.kind = 'dispute_reserve' AND p.side = 'D'
				    AND p.account_id = (SELECT id FROM ledger_accounts WHERE code = ?)
				    AND NOT EXISTS (SELECT 1 FROM journals r WHERE r.reverses_journal_id = j.id)
				    AND NOT EXISTS (SELECT 1 FROM journals l WHERE l.kind = 'dispute_loss' AND l.source_id = j.source_id)
				GROUP BY p.currency""", (rs) -> {
			reserved.put(rs.getString(1).trim(), rs.getLong(2));
		}, LedgerAccounts.payable(payeeAccount));
		return reserved;
	}

	/**
	 * Sales whose payees' share went to {@code platform:suspense} (orders with {@code payee_in_suspense}), with
	 * what approved manual journals naming the sale moved out of suspense since. Ordered by order id.
	 * @param afterOrderId keyset position, or null
	 * @param limit 1 to {@value #PAGE_MAX}
	 * @return the sales
	 */
	public List<SuspenseSale> suspense(Long afterOrderId, int limit) {
		if (limit < 1 || limit > PAGE_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + PAGE_MAX + ", got " + limit);
		}
		return this.jdbc.query("""
				WITH suspense AS (SELECT id FROM ledger_accounts WHERE code = 'platform:suspense')
				SELECT o.id, o.sale_key, o.journal_id, j.effective_at, p.currency, p.amount AS credited,
				    coalesce((SELECT sum(CASE mp.side WHEN 'D' THEN mp.amount ELSE -mp.amount END)
				        FROM journal_proposals jp JOIN postings mp ON mp.journal_id = jp.journal_id
				        WHERE jp.suspense_sale = o.sale_key AND jp.status = 'APPROVED'
				            AND mp.account_id = (SELECT id FROM suspense) AND mp.currency = p.currency), 0)::bigint AS moved
				FROM orders o JOIN journals j ON j.id = o.journal_id
				    JOIN postings p ON p.journal_id = j.id AND p.side = 'C' AND p.account_id = (SELECT id FROM suspense)
				WHERE o.payee_in_suspense AND (?::bigint IS NULL OR o.id > ?::bigint)
				ORDER BY o.id, p.currency LIMIT ?""",
				(rs, n) -> new SuspenseSale(rs.getLong("id"), rs.getString("sale_key"), rs.getLong("journal_id"),
						rs.getTimestamp("effective_at").toInstant(), rs.getString("currency").trim(),
						rs.getLong("credited"), rs.getLong("moved")),
				afterOrderId, afterOrderId, limit);
	}

	/**
	 * A sale held in suspense.
	 * @param orderId {@code orders.id}
	 * @param sale the sale journal's source ({@code pi_...}, {@code in_...}, {@code cs_...})
	 * @param journalId the sale journal
	 * @param soldAt its effective time (UTC)
	 * @param currency lowercase ISO 4217
	 * @param creditedCents what the sale credited to suspense
	 * @param movedCents what approved manual journals naming the sale moved out of suspense
	 */
	public record SuspenseSale(long orderId, String sale, long journalId, Instant soldAt, String currency,
			long creditedCents, long movedCents) {

		/** Still held: credited − moved. */
		public long heldCents() {
			return this.creditedCents - this.movedCents;
		}

	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
