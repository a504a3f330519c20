package com.treasurybatch.jobs.reports;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportRequest;

/**
 * The platform fees charged to payees in a period, read from the sale journals: each sale's
 * {@code platform:fee_revenue} credit is attributed to the payees credited by that sale in proportion to their
 * credits (integer division, so a split sale's attributions may sum to a cent or two less than its fee). A sale
 * whose payee share went to {@code platform:suspense} attributes nothing to anyone.
 */
@Component
class PlatformFees {

	/** Fees per payee; {@code %s} is where the payee's credits come from. */
	private static final String SQL = """
			WITH credit AS %s
			SELECT substr(a.code, 9) AS payee, credit.currency,
			       sum(fee.amount * credit.amount / credited.total)::bigint AS fees
			FROM credit
			JOIN journals j ON j.id = credit.journal_id
			JOIN ledger_accounts a ON a.id = credit.account_id
			CROSS JOIN LATERAL (
			    SELECT sum(q.amount) AS total FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			    WHERE q.journal_id = j.id AND q.side = 'C' AND q.currency = credit.currency
			      AND (qa.code LIKE 'payable:%%' OR qa.code = 'platform:suspense')) credited
			CROSS JOIN LATERAL (
			    SELECT coalesce(sum(q.amount), 0) AS amount FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			    WHERE q.journal_id = j.id AND q.side = 'C' AND q.currency = credit.currency
			      AND qa.code = 'platform:fee_revenue') fee
			WHERE j.kind = 'sale' AND j.effective_at >= ? AND j.effective_at < ?
			GROUP BY a.code, credit.currency
			ORDER BY a.code, credit.currency""";

	/** Every payee's credits on sale journals of the period. */
	private static final String ALL_CREDITS = """
			(SELECT p.journal_id, p.account_id, p.amount, p.currency
			 FROM journals sj JOIN postings p ON p.journal_id = sj.id AND p.side = 'C'
			 JOIN ledger_accounts pa ON pa.id = p.account_id AND pa.code LIKE 'payable:%'
			 WHERE sj.kind = 'sale' AND sj.effective_at >= ? AND sj.effective_at < ?)""";

	/** One payee's credits, found from its account (index on postings.account_id): never a scan of journals. */
	private static final String PAYEE_CREDITS = """
			MATERIALIZED (SELECT p.journal_id, p.account_id, p.amount, p.currency FROM postings p
			 WHERE p.account_id = (SELECT id FROM ledger_accounts WHERE code = ?) AND p.side = 'C')""";

	private final JdbcTemplate jdbc;

	PlatformFees(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Fees of every payee charged some, ordered by payee then currency. */
	List<PayeeFees> all(ReportRequest request) {
		Timestamp from = Timestamp.from(request.from());
		Timestamp to = Timestamp.from(request.to());
		return this.jdbc.query(SQL.formatted(ALL_CREDITS), (rs, row) -> new PayeeFees(rs.getString(1),
				rs.getString(2).trim(), rs.getLong(3)), from, to, from, to);
	}

	/** Fees of one payee, per currency. */
	List<PayeeFees> of(String payeeAccount, ReportRequest request) {
		return this.jdbc.query(SQL.formatted(PAYEE_CREDITS), (rs, row) -> new PayeeFees(rs.getString(1),
				rs.getString(2).trim(), rs.getLong(3)), "payable:" + payeeAccount, Timestamp.from(request.from()),
				Timestamp.from(request.to()));
	}

	/**
	 * Platform fees attributed to a payee.
	 *
	 * @param payeeAccount acct_...
	 * @param currency lower-case ISO 4217
	 * @param feesCents minor units
	 */
	record PayeeFees(String payeeAccount, String currency, long feesCents) {
	}

}
