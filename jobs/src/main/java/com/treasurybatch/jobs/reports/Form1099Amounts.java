package com.treasurybatch.jobs.reports;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;

/**
 * 1099 figures from the ledger, for payees whose tax profile is in the US, in US cents: a sale presented in another
 * currency and settled in USD is converted at the rate Stripe applied ({@code reconciliation_stripe_rows.exchange_rate}
 * of its charge's balance transaction, docs.stripe.com/api/balance_transactions/object), rounded half up to the cent;
 * one Stripe did not convert to USD is refused (never dropped).
 * <ul>
 * <li>1099-K (the platform as a third party settlement organization, IRC 6050W): sales of tickets, tips,
 * subscriptions (anything but brand offers) settled to the payee. Box 1a is the gross amount of the payment
 * transactions (IRS instructions for Form 1099-K: "do not reduce by fees, refunds or adjustments"): the order's
 * gross attributed to the payee in proportion to the payee's share of the sale; box 3 counts the sales; boxes 5a to
 * 5l split box 1a by UTC month of the sale.</li>
 * <li>1099-NEC (IRC 6041A/6041): brand offers, which pay the payee for services, are nonemployee compensation,
 * reported by the date they were paid ({@link NecPayments}). They are left out of the 1099-K so nothing is reported
 * twice.</li>
 * </ul>
 */
@Component
class Form1099Amounts {

	private static final String SQL = """
			WITH credits AS (
			    SELECT j.id AS journal_id, j.effective_at, substr(a.code, 9) AS payee, p.amount AS credit,
			           o.amount_total AS gross,
			           (SELECT sum(q.amount) FROM postings q JOIN ledger_accounts qa ON qa.id = q.account_id
			            WHERE q.journal_id = j.id AND q.side = 'C' AND q.currency = p.currency
			              AND qa.code LIKE 'payable:%%') AS payee_total,
			           CASE WHEN p.currency = 'usd' THEN 1 ELSE
			               (SELECT r.exchange_rate FROM reconciliation_stripe_rows r
			                 WHERE r.payment_intent = o.payment_intent AND r.currency = 'usd'
			                   AND r.source_currency = p.currency AND r.exchange_rate IS NOT NULL AND r.amount > 0
			                 ORDER BY r.created LIMIT 1) END AS usd_rate
			    FROM journals j
			    JOIN orders o ON o.journal_id = j.id
			    JOIN postings p ON p.journal_id = j.id AND p.side = 'C'
			    JOIN ledger_accounts a ON a.id = p.account_id AND a.code LIKE 'payable:%%'
			    WHERE j.kind = 'sale' AND j.effective_at >= ? AND j.effective_at < ? AND %s
			      AND (?::text IS NULL OR a.code = 'payable:' || ?)
			)
			SELECT c.payee, extract(month FROM c.effective_at AT TIME ZONE 'UTC')::int AS month,
			       %s AS amount, count(DISTINCT c.journal_id) AS transactions,
			       count(*) FILTER (WHERE c.usd_rate IS NULL) AS unconverted
			FROM credits c JOIN payee_tax_profiles t ON t.account_id = c.payee AND t.country = 'US'
			GROUP BY c.payee, month ORDER BY c.payee, month""";

	private final JdbcTemplate jdbc;

	Form1099Amounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** 1099-K figures of every US payee (reportable or not), ordered by payee; or of one payee. */
	List<Form1099> form1099k(int taxYear, String payee) {
		return query(taxYear, payee, "o.item_type IS DISTINCT FROM 'brand_offer'",
				"coalesce(sum(round(c.gross * c.credit / c.payee_total * c.usd_rate)), 0)::bigint");
	}

	private List<Form1099> query(int taxYear, String payee, String which, String amount) {
		ReportRequest year = new ReportRequest(ReportType.FORM_1099_K, Integer.toString(taxYear), "csv");
		Map<String, long[]> monthly = new LinkedHashMap<>();
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.query(SQL.formatted(which, amount), (rs) -> {
			String account = rs.getString(1);
			if (rs.getLong(5) > 0) {
				throw new IllegalStateException(account + " has " + rs.getLong(5) + " sales of " + taxYear
						+ " in a currency Stripe did not settle in USD: no Stripe rate converts them for the 1099");
			}
			monthly.computeIfAbsent(account, (key) -> new long[12])[rs.getInt(2) - 1] = rs.getLong(3);
			counts.merge(account, rs.getLong(4), Long::sum);
		}, Timestamp.from(year.from()), Timestamp.from(year.to()), payee, payee);
		List<Form1099> forms = new ArrayList<>();
		monthly.forEach((account, months) -> {
			long total = 0;
			for (long month : months) {
				total += month;
			}
			forms.add(new Form1099(account, total, counts.get(account), months));
		});
		return forms;
	}

}
