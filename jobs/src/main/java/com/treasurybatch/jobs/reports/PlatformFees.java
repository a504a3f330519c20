package com.treasurybatch.jobs.reports;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The platform fees charged to payees in a period, read from the sale journals: each sale's
 * {@code platform:fee_revenue} credit is attributed to the payees credited by that sale in proportion to their
 * credits (integer division, so a split sale's attributions may sum to a cent or two less than its fee). A sale
 * whose payee share went to {@code platform:suspense} attributes nothing to anyone.
 */
@Component
class PlatformFees {

	private static final String SQL = """
			SELECT substr(a.code, 9) AS payee, p.currency,
			       sum(fee.amount * p.amount / credited.total)::bigint AS fees
			FROM journals j
			JOIN postings p ON p.journal_id = j.id AND p.side = 'C'
			JOIN ledger_accounts a ON a.id = p.account_id AND a.code LIKE 'payable:%%'
			CROSS JOIN LATERAL (
			    SELECT sum(q.amount) AS total FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			    WHERE q.journal_id = j.id AND q.side = 'C' AND q.currency = p.currency
			      AND (qa.code LIKE 'payable:%%' OR qa.code = 'platform:suspense')) credited
			CROSS JOIN LATERAL (
			    SELECT coalesce(sum(q.amount), 0) AS amount FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			    WHERE q.journal_id = j.id AND q.side = 'C' AND q.currency = p.currency
			      AND qa.code = 'platform:fee_revenue') fee
			WHERE j.kind = 'sale' AND j.effective_at >= ? AND j.effective_at < ? %s
			GROUP BY a.code, p.currency
			ORDER BY a.code, p.currency""";

	private final JdbcTemplate jdbc;

	PlatformFees(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Fees of every payee charged some, ordered by payee then currency. */
	List<PayeeFees> all(ReportRequest request) {
		return this.jdbc.query(SQL.formatted(""), (rs, row) -> new PayeeFees(rs.getString(1), rs.getString(2),
				rs.getLong(3)), Timestamp.from(request.from()), Timestamp.from(request.to()));
	}

	/** Fees of one payee, per currency. */
	List<PayeeFees> of(String payeeAccount, ReportRequest request) {
		return this.jdbc.query(SQL.formatted("AND a.code = ?"), (rs, row) -> new PayeeFees(rs.getString(1),
				rs.getString(2), rs.getLong(3)), Timestamp.from(request.from()), Timestamp.from(request.to()),
				"payable:" + payeeAccount);
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
