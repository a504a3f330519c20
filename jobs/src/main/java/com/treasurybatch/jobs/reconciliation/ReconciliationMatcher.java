package com.treasurybatch.jobs.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.sql.Date;
import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Matches the staged Stripe rows of a date to the ledger by Stripe object id, in SQL, and writes one discrepancy
 * row per mismatch and the totals per category and currency. Runs in the caller's transaction; temporary tables
 * are dropped at its commit.
 *
 * <p>How a balance transaction finds its ledger side (category: Stripe's key = ours):
 * <ul>
 * <li>charge / payment: the charge's payment intent = {@code orders.payment_intent} (sale journal; fee = its
 * {@code platform:stripe_fees} debit);</li>
 * <li>refund: {@code re_} = {@code charge_refunds.refund_id};</li>
 * <li>dispute (adjustment, reporting category dispute): {@code du_} = the {@code dispute_reserve} journal's source
 * (existence only: the ledger holds the payees' part, not Stripe's withdrawal);</li>
 * <li>transfer: {@code tr_} = {@code payouts.stripe_transfer_id};</li>
 * <li>transfer_refund: {@code trr_} = the {@code transfer_reversal} journal's source (amount = its cash debit);</li>
 * <li>payout (the platform's own, to its bank) and anything else: totals only, the ledger does not book them.</li>
 * </ul>
 * Amounts are compared signed as Stripe signs them (money leaving the balance is negative).
 */
class ReconciliationMatcher {

	static final String SUGGEST_MISSING_IN_LEDGER = "Its events were fetched again from Stripe (targeted backfill);"
			+ " check that inbox-processing booked it, else book it by hand from the Stripe object";

	private final JdbcTemplate jdbc;

	ReconciliationMatcher(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Replaces the date's discrepancies and totals.
	 * @param date the business date
	 * @param zone its zone: the day is [start of date, start of next date) there
	 * @return discrepancies written
	 */
	int match(LocalDate date, ZoneId zone) {
		Instant from = date.atStartOfDay(zone).toInstant();
		Instant before = date.plusDays(1).atStartOfDay(zone).toInstant();
		this.jdbc.update("DELETE FROM reconciliation_discrepancies WHERE business_date = ?", Date.valueOf(date));
		this.jdbc.update("DELETE FROM reconciliation_totals WHERE business_date = ?", Date.valueOf(date));
		this.jdbc.execute("DROP TABLE IF EXISTS recon_stripe, recon_ledger");
		this.jdbc.update("""
				CREATE TEMP TABLE recon_stripe ON COMMIT DROP AS
				SELECT txn_id, category, coalesce(match_key, source_id, txn_id) AS match_key, amount, fee, currency, created
				  FROM (SELECT r.*,
				               CASE WHEN r.type IN ('charge', 'payment') THEN 'charge'
				                    WHEN r.type IN ('refund', 'payment_refund') THEN 'refund'
				                    WHEN r.reporting_category = 'dispute' THEN 'dispute'
				                    WHEN r.type = 'transfer' THEN 'transfer'
				                    WHEN r.type = 'transfer_refund' THEN 'transfer_reversal'
				                    WHEN r.type IN ('payout', 'payout_failure') THEN 'payout'
				                    WHEN r.type = 'stripe_fee' OR r.reporting_category = 'fee' THEN 'fee'
				                    ELSE 'other' END AS category,
				               CASE WHEN r.type IN ('charge', 'payment') THEN r.payment_intent ELSE r.source_id END AS match_key
				          FROM reconciliation_stripe_rows r WHERE r.business_date = ?) s
				""", Date.valueOf(date));
		this.jdbc.update("""
				CREATE TEMP TABLE recon_ledger ON COMMIT DROP AS
				SELECT * FROM (
				    SELECT 'charge' AS category, o.payment_intent AS match_key, o.amount_total AS amount,
				           coalesce(f.fee, 0) AS fee, o.currency::text AS currency, j.effective_at
				      FROM orders o JOIN journals j ON j.id = o.journal_id
				      LEFT JOIN (SELECT p.journal_id, sum(p.amount) AS fee FROM postings p
				                   JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:stripe_fees'
				                  WHERE p.side = 'D' GROUP BY p.journal_id) f ON f.journal_id = j.id
				     WHERE o.payment_intent IS NOT NULL
				    UNION ALL
				    SELECT 'refund', cr.refund_id, -cr.amount, 0, cr.currency::text, j.effective_at
				      FROM charge_refunds cr JOIN journals j ON j.id = cr.journal_id
				    UNION ALL
				    SELECT 'transfer', p.stripe_transfer_id, -p.amount, 0, p.currency::text, j.effective_at
				      FROM payouts p JOIN journals j ON j.id = p.transfer_journal_id WHERE p.stripe_transfer_id IS NOT NULL
				    UNION ALL
				    SELECT 'transfer_reversal', j.source_id, sum(p.amount), 0, min(p.currency), j.effective_at
				      FROM journals j JOIN postings p ON p.journal_id = j.id AND p.side = 'D'
				      JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:cash'
				     WHERE j.kind = 'transfer_reversal' GROUP BY j.id, j.source_id, j.effective_at
				    UNION ALL
				    SELECT 'dispute', j.source_id, NULL, NULL, NULL, j.effective_at FROM journals j WHERE j.kind = 'dispute_reserve'
				) l
				WHERE (l.effective_at >= ? AND l.effective_at < ?)
				   OR (l.category, l.match_key) IN (SELECT category, match_key FROM recon_stripe)
				""", Timestamp.from(from), Timestamp.from(before));
		int discrepancies = this.jdbc.update("""
				INSERT INTO reconciliation_discrepancies (business_date, category, object_id, stripe_txn_id, stripe_amount,
				    stripe_fee, stripe_currency, ledger_amount, ledger_fee, ledger_currency, suggested_action)
				SELECT ?, d.category, d.object_id, d.txn_id, d.s_amount, d.s_fee, d.s_currency, d.l_amount, d.l_fee,
				       d.l_currency,
				       CASE d.category
				           WHEN 'missing_in_ledger' THEN ?
				           WHEN 'missing_at_stripe' THEN 'Look the object up at Stripe: if Stripe never made it, reverse the journal; if it belongs to another day, it reconciles there'
				           WHEN 'amount_mismatch' THEN 'Compare the webhook payload with the Stripe object and post a correcting journal for the difference'
				           WHEN 'fee_mismatch' THEN 'Post an adjusting journal to platform:stripe_fees for the difference (Stripe''s figure is the settled one)'
				           WHEN 'currency_mismatch' THEN 'Check the settlement currency at Stripe and rebook the journal in it'
				           ELSE 'None if the other day reconciles: the ledger booked it on another day than Stripe created it'
				       END
				  FROM (SELECT coalesce(s.match_key, l.match_key) AS object_id, s.txn_id,
				               s.amount AS s_amount, s.fee AS s_fee, s.currency AS s_currency,
				               l.amount AS l_amount, l.fee AS l_fee, l.currency AS l_currency,
				               CASE WHEN l.match_key IS NULL THEN 'missing_in_ledger'
				                    WHEN s.match_key IS NULL THEN 'missing_at_stripe'
				                    WHEN l.currency IS NOT NULL AND s.currency <> l.currency THEN 'currency_mismatch'
				                    WHEN l.amount IS NOT NULL AND s.amount <> l.amount THEN 'amount_mismatch'
				                    WHEN l.fee IS NOT NULL AND s.fee <> l.fee THEN 'fee_mismatch'
				                    WHEN l.effective_at < ? OR l.effective_at >= ? THEN 'timing'
				               END AS category
				          FROM (SELECT * FROM recon_stripe
				                 WHERE category IN ('charge', 'refund', 'dispute', 'transfer', 'transfer_reversal')) s
				          FULL JOIN recon_ledger l ON l.category = s.category AND l.match_key = s.match_key) d
				 WHERE d.category IS NOT NULL
				ON CONFLICT (business_date, category, object_id) DO NOTHING
				""", Date.valueOf(date), SUGGEST_MISSING_IN_LEDGER, Timestamp.from(from), Timestamp.from(before));
		this.jdbc.update("""
				INSERT INTO reconciliation_totals (business_date, category, currency, stripe_count, stripe_amount, stripe_fee,
				    ledger_count, ledger_amount, ledger_fee)
				SELECT ?, s.category, s.currency, count(*), sum(s.amount), sum(s.fee), count(l.match_key),
				       coalesce(sum(CASE WHEN l.match_key IS NULL THEN 0 ELSE coalesce(l.amount, s.amount) END), 0),
				       coalesce(sum(CASE WHEN l.match_key IS NULL THEN 0 ELSE coalesce(l.fee, s.fee) END), 0)
				  FROM recon_stripe s LEFT JOIN recon_ledger l ON l.category = s.category AND l.match_key = s.match_key
				 GROUP BY s.category, s.currency
				""", Date.valueOf(date));
		return discrepancies;
	}

}
