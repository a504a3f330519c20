package com.treasurybatch.jobs.reconciliation;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger's own checks, over the whole ledger: the trial balance balances per currency, every journal balances
 * and has two postings or more, every payout's transfer journal takes exactly the payout's amount from its payee's
 * payable, and no payable is negative without its {@code negative_payable} alert (the flag inbox-processing
 * raises). The database enforces the first two at commit; checking them here catches a trigger dropped or
 * bypassed. With a business date, also: cash at Stripe per currency ({@code platform:cash} postings of journals
 * effective before the day's end) equals Stripe's balance then: the {@code net} of the staged balance transactions
 * of every reconciled day up to that end, plus the opening balance journals ({@code stripe_balance} sourced
 * {@code opening_balance:<currency>}, see the README).
 */
class LedgerIntegrity {

	private static final int EXAMPLES_MAX = 10;

	private final JdbcTemplate jdbc;

	LedgerIntegrity(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Runs every check, the cash at Stripe of a business date included.
	 * @param date the business date
	 * @param zone its zone: the day ends at the start of the next date there
	 * @return one line per failed check, naming examples and both figures; empty when the ledger is sound
	 */
	List<String> failures(LocalDate date, ZoneId zone) {
		List<String> failures = failures();
		failures.addAll(cashFailures(date, date.plusDays(1).atStartOfDay(zone).toInstant()));
		return failures;
	}

	/**
	 * Cash at Stripe per currency against the net of Stripe's balance transactions up to the end of a day.
	 * @param date the last business date whose staged rows count
	 * @param dayEnd the end of that day (UTC)
	 * @return one line per currency that differs, with both figures in minor units
	 */
	List<String> cashFailures(LocalDate date, Instant dayEnd) {
		List<String> failures = new ArrayList<>();
		this.jdbc.query("""
				WITH ledger AS (
				    SELECT p.currency::text AS currency,
				           sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END) AS cash,
				           coalesce(sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END)
				                    FILTER (WHERE j.kind = 'stripe_balance' AND j.source_id LIKE 'opening\\_balance:%'), 0)
				               AS opening
				      FROM postings p JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:cash'
				      JOIN journals j ON j.id = p.journal_id
				     WHERE j.effective_at < ?
				     GROUP BY p.currency),
				stripe AS (
				    SELECT currency::text AS currency, sum(coalesce(net, amount - fee)) AS net
				      FROM reconciliation_stripe_rows WHERE business_date <= ? AND created < ?
				     GROUP BY currency)
				SELECT coalesce(l.currency, s.currency), coalesce(l.cash, 0), coalesce(s.net, 0) + coalesce(l.opening, 0)
				  FROM ledger l FULL JOIN stripe s ON s.currency = l.currency
				 WHERE coalesce(l.cash, 0) <> coalesce(s.net, 0) + coalesce(l.opening, 0)
				 ORDER BY 1""", (row) -> {
			failures.add("cash at Stripe in " + row.getString(1) + " at the end of " + date + ": ledger "
					+ row.getLong(2) + ", Stripe's balance transactions " + row.getLong(3) + " (difference "
					+ (row.getLong(2) - row.getLong(3)) + ")");
		}, Timestamp.from(dayEnd), Date.valueOf(date), Timestamp.from(dayEnd));
		return failures;
	}

	/**
	 * Runs the ledger-wide checks (no business date).
	 * @return one line per failed check, naming examples; empty when the ledger is sound
	 */
	List<String> failures() {
		List<String> failures = new ArrayList<>();
		this.jdbc.query("""
				SELECT currency, sum(amount) FILTER (WHERE side = 'D') AS debits, sum(amount) FILTER (WHERE side = 'C') AS credits
				  FROM postings GROUP BY currency
				HAVING coalesce(sum(amount) FILTER (WHERE side = 'D'), 0) <> coalesce(sum(amount) FILTER (WHERE side = 'C'), 0)
				""", (row) -> {
			failures.add("trial balance does not balance in " + row.getString(1) + ": debits " + row.getLong(2)
					+ " credits " + row.getLong(3));
		});
		List<String> unbalanced = this.jdbc.queryForList("""
				SELECT j.id || ' (' || j.kind || ' ' || j.source_id || ')' FROM journals j
				 WHERE (SELECT count(*) FROM postings p WHERE p.journal_id = j.id) < 2
				    OR EXISTS (SELECT 1 FROM postings p WHERE p.journal_id = j.id GROUP BY p.currency
				                HAVING sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END) <> 0)
				 ORDER BY j.id LIMIT ?""", String.class, EXAMPLES_MAX);
		if (!unbalanced.isEmpty()) {
			failures.add("journals not balanced or with fewer than two postings: " + String.join(", ", unbalanced));
		}
		List<String> payouts = this.jdbc.queryForList("""
				SELECT 'payout ' || py.id || ' of ' || py.amount || ' ' || py.currency || ', journal takes '
				       || coalesce(t.taken, 0)
				  FROM payouts py
				  LEFT JOIN (SELECT p.journal_id, a.code, p.currency, sum(p.amount) AS taken FROM postings p
				               JOIN ledger_accounts a ON a.id = p.account_id
				              WHERE p.side = 'D' AND a.code LIKE 'payable:%' GROUP BY p.journal_id, a.code, p.currency) t
				    ON t.journal_id = py.transfer_journal_id AND t.code = 'payable:' || py.payee_account
				       AND t.currency = py.currency
				 WHERE py.transfer_journal_id IS NOT NULL AND coalesce(t.taken, 0) <> py.amount
				 ORDER BY py.id LIMIT ?""", String.class, EXAMPLES_MAX);
		if (!payouts.isEmpty()) {
			failures.add("payouts whose transfer journal does not take their amount from the payable: "
					+ String.join(", ", payouts));
		}
		List<String> negative = this.jdbc.queryForList("""
				SELECT a.code || ' ' || p.currency || ' ' || sum(CASE WHEN p.side = 'C' THEN p.amount ELSE -p.amount END)
				  FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
				 WHERE a.code LIKE 'payable:%'
				 GROUP BY a.code, p.currency
				HAVING sum(CASE WHEN p.side = 'C' THEN p.amount ELSE -p.amount END) < 0
				   AND NOT EXISTS (SELECT 1 FROM alerts al WHERE al.kind = 'negative_payable'
				                    AND al.subject = substr(a.code, length('payable:') + 1))
				 ORDER BY a.code LIMIT ?""", String.class, EXAMPLES_MAX);
		if (!negative.isEmpty()) {
			failures.add("negative payables without their negative_payable flag: " + String.join(", ", negative));
		}
		return failures;
	}

}
