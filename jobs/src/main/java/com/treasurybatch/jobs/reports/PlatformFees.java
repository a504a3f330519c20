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

	/** Fees given back by refunds (net of failed refunds) of the period, per payee, currency and month of sale. */
	private static final String GIVEN_BACK = """
			WITH back AS (
			    SELECT rj.id AS refund_journal, p.currency,
			           sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END) AS fee
			    FROM journals j
			    JOIN journals rj ON rj.source_id = j.source_id AND rj.kind = 'refund'
			    JOIN postings p ON p.journal_id = j.id
			    JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:fee_revenue'
			    WHERE j.kind IN ('refund', 'refund_failure') AND j.effective_at >= ? AND j.effective_at < ?
			    GROUP BY rj.id, p.currency)
			SELECT substr(pa.code, 9) AS payee, back.currency,
			       to_char(sj.effective_at AT TIME ZONE 'UTC', 'YYYY-MM') AS sale_period,
			       sum(back.fee * c.amount / credited.total)::bigint AS fees
			FROM back
			JOIN charge_refunds cr ON cr.journal_id = back.refund_journal
			JOIN orders o ON o.id = cr.order_id
			JOIN journals sj ON sj.id = o.journal_id
			JOIN postings c ON c.journal_id = sj.id AND c.side = 'C' AND c.currency = back.currency
			JOIN ledger_accounts pa ON pa.id = c.account_id AND pa.code LIKE 'payable:%'
			CROSS JOIN LATERAL (
			    SELECT sum(q.amount) AS total FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			    WHERE q.journal_id = sj.id AND q.side = 'C' AND q.currency = back.currency
			      AND (qa.code LIKE 'payable:%' OR qa.code = 'platform:suspense')) credited
			GROUP BY pa.code, back.currency, sale_period
			HAVING sum(back.fee * c.amount / credited.total) > 0
			ORDER BY pa.code, back.currency, sale_period""";

	/**
	 * Platform fees given back to payees by the refunds of a period (refund journals debiting
	 * {@code platform:fee_revenue}, less failed refunds), attributed like the sale's fee, by month of the sale.
	 * @return ordered by payee, currency, month of sale
	 */
	List<GivenBack> givenBack(ReportRequest request) {
		return this.jdbc.query(GIVEN_BACK, (rs, row) -> new GivenBack(rs.getString(1), rs.getString(2).trim(),
				rs.getString(3), rs.getLong(4)), Timestamp.from(request.from()), Timestamp.from(request.to()));
	}

	/**
	 * Fees given back to a payee.
	 *
	 * @param payeeAccount acct_...
	 * @param currency lower-case ISO 4217
	 * @param salePeriod month of the sales refunded, yyyy-MM (the invoice corrected)
	 * @param feesCents VAT-inclusive fees given back, minor units
	 */
	record GivenBack(String payeeAccount, String currency, String salePeriod, long feesCents) {
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
