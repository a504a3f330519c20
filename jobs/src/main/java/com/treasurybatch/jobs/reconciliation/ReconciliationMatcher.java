package com.treasurybatch.jobs.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.sql.Date;
import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Matches the staged Stripe rows of a date to the ledger, in SQL, and writes one discrepancy row per mismatch and
 * the totals per category and currency. Runs in the caller's transaction; temporary tables are dropped at its
 * commit. Categories are {@link BalanceTransactionTypes}'s.
 *
 * <p>How a balance transaction finds its ledger side:
 * <ul>
 * <li>charge / payment: the charge's {@code payment_intent} = {@code orders.payment_intent}, its
 * {@code orders.journal_id} (the sale); amount = the sale's cash debit, or, when the row was settled in another
 * currency, the {@code settlement_conversion} journal's cash debit in the row's currency;</li>
 * <li>refund / payment_refund: the {@code refund} journal of the {@code re_} id (amount: its cash credit, or the
 * conversion's); refund_failure: the {@code refund_failure} journal of the {@code re_} id;</li>
 * <li>dispute (an adjustment of reporting category {@code dispute} or {@code dispute_reversal}): the
 * {@code dispute_funds} journal of that {@code txn_};</li>
 * <li>transfer: {@code tr_} = {@code payouts.stripe_transfer_id}; transfer_refund: {@code trr_} = the
 * {@code transfer_reversal} journal's source;</li>
 * <li>payout, payout_failure, payout_cancel: the {@code platform_payout} journal of the {@code txn_}; every other
 * mapped type: the {@code stripe_balance} journal of the {@code txn_};</li>
 * <li>a type not mapped: a discrepancy {@code unmapped_type}.</li>
 * </ul>
 * The fee of every row is compared with the {@code stripe_fee} journal of its {@code txn_} ({@code stripe_fees}
 * debits less credits). Amounts are compared signed as Stripe signs them (money leaving the balance is negative):
 * the ledger's figure is the journal's {@code platform:cash} debits less credits.
 */
class ReconciliationMatcher {

	static final String SUGGEST_MISSING_IN_LEDGER = "Its events were fetched again from Stripe (targeted backfill);"
			+ " check that inbox-processing booked it, else book it by hand from the Stripe object";

	static final String SUGGEST_UNMAPPED_TYPE = "A balance transaction type the reconciliation README does not map:"
			+ " decide how it is booked (journal and account), add it to the table, and book this one by hand"
			+ " (a stripe_balance journal of its txn_) until then";

	/** Journal kinds matched by the journal's source id: category, kind. */
	private static final String KIND_BY_CATEGORY = """
			(VALUES ('refund', 'refund'), ('refund_failure', 'refund_failure'), ('dispute', 'dispute_funds'),
			        ('transfer_reversal', 'transfer_reversal'), ('payout', 'platform_payout'),
			        ('settlement', 'stripe_balance')) AS m (category, kind)""";

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
		this.jdbc.execute("DROP TABLE IF EXISTS recon_stripe, recon_ledger, recon_txn, recon_pairs");
		this.jdbc.update("CREATE TEMP TABLE recon_stripe ON COMMIT DROP AS"
				+ " SELECT txn_id, category,"
				+ "        CASE WHEN category = 'charge' THEN coalesce(payment_intent, source_id, txn_id)"
				+ "             WHEN category IN ('refund', 'refund_failure', 'transfer', 'transfer_reversal')"
				+ "                  THEN coalesce(source_id, txn_id)"
				+ "             ELSE txn_id END AS match_key, amount, fee, currency::text AS currency, created"
				+ "   FROM (SELECT r.*, " + BalanceTransactionTypes.categorySql("r") + " AS category"
				+ "           FROM reconciliation_stripe_rows r WHERE r.business_date = ?) s", Date.valueOf(date));
		this.jdbc.execute("CREATE INDEX ON recon_stripe (category, match_key)");
		this.jdbc.execute("ANALYZE recon_stripe");
		// the settlement journals of the day's rows, by txn_ and currency: cash and Stripe fees, signed
		this.jdbc.update("""
				CREATE TEMP TABLE recon_txn ON COMMIT DROP AS
				SELECT j.source_id AS txn_id, j.kind, p.currency::text AS currency,
				       sum(CASE WHEN a.code <> 'platform:cash' THEN 0 WHEN p.side = 'D' THEN p.amount ELSE -p.amount END) AS cash,
				       sum(CASE WHEN a.code <> 'platform:stripe_fees' THEN 0 WHEN p.side = 'D' THEN p.amount ELSE -p.amount END)
				           AS fees
				  FROM recon_stripe s
				  JOIN journals j ON j.source_id = s.txn_id AND j.kind IN ('stripe_fee', 'settlement_conversion')
				  JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				 GROUP BY j.source_id, j.kind, p.currency
				""");
		this.jdbc.update("CREATE TEMP TABLE recon_ledger ON COMMIT DROP AS"
				+ " SELECT l.* FROM ("
				+ "    SELECT 'charge' AS category, o.payment_intent AS match_key, c.cash AS amount, c.currency,"
				+ "           j.effective_at"
				+ "      FROM orders o JOIN journals j ON j.id = o.journal_id"
				+ "      CROSS JOIN LATERAL (" + cashOf("j.id") + ") c"
				+ "     WHERE o.payment_intent IS NOT NULL"
				+ "       AND ((j.effective_at >= ? AND j.effective_at < ?)"
				+ "            OR o.payment_intent IN (SELECT match_key FROM recon_stripe WHERE category = 'charge'))"
				+ "    UNION ALL"
				+ "    SELECT 'transfer', p.stripe_transfer_id, -p.amount, p.currency::text, j.effective_at"
				+ "      FROM payouts p JOIN journals j ON j.id = p.transfer_journal_id"
				+ "     WHERE p.stripe_transfer_id IS NOT NULL"
				+ "       AND ((j.effective_at >= ? AND j.effective_at < ?)"
				+ "            OR p.stripe_transfer_id IN (SELECT match_key FROM recon_stripe WHERE category = 'transfer'))"
				+ "    UNION ALL"
				+ "    SELECT m.category, j.source_id, c.cash, c.currency, j.effective_at"
				+ "      FROM " + KIND_BY_CATEGORY
				+ "      JOIN journals j ON j.kind = m.kind"
				+ "      CROSS JOIN LATERAL (" + cashOf("j.id") + ") c"
				+ "     WHERE j.source_id NOT LIKE 'opening\\_balance:%'"
				+ "       AND ((j.effective_at >= ? AND j.effective_at < ? AND m.category NOT IN ('payout', 'settlement'))"
				+ "            OR (m.category, j.source_id) IN (SELECT category, match_key FROM recon_stripe))"
				+ " ) l", Timestamp.from(from), Timestamp.from(before), Timestamp.from(from), Timestamp.from(before),
				Timestamp.from(from), Timestamp.from(before));
		this.jdbc.update("""
				CREATE TEMP TABLE recon_pairs ON COMMIT DROP AS
				SELECT coalesce(s.category, l.category) AS category, coalesce(s.match_key, l.match_key) AS object_id,
				       s.txn_id, s.amount AS s_amount, s.fee AS s_fee, s.currency AS s_currency,
				       l.match_key IS NOT NULL AS in_ledger,
				       CASE WHEN cv.txn_id IS NOT NULL THEN cv.cash ELSE l.amount END AS l_amount,
				       CASE WHEN s.txn_id IS NOT NULL THEN coalesce(f.fees, 0) END AS l_fee,
				       CASE WHEN cv.txn_id IS NOT NULL THEN cv.currency ELSE l.currency END AS l_currency,
				       l.effective_at
				  FROM recon_stripe s
				  FULL JOIN recon_ledger l ON l.category = s.category AND l.match_key = s.match_key
				  LEFT JOIN recon_txn cv ON cv.txn_id = s.txn_id AND cv.kind = 'settlement_conversion'
				                        AND cv.currency = s.currency
				  LEFT JOIN (SELECT txn_id, sum(fees) AS fees FROM recon_txn WHERE kind = 'stripe_fee' GROUP BY txn_id) f
				         ON f.txn_id = s.txn_id
				""");
		int discrepancies = this.jdbc.update("""
				INSERT INTO reconciliation_discrepancies (business_date, category, object_id, stripe_txn_id, stripe_amount,
				    stripe_fee, stripe_currency, ledger_amount, ledger_fee, ledger_currency, suggested_action)
				SELECT ?, d.discrepancy, d.object_id, d.txn_id, d.s_amount, d.s_fee, d.s_currency, d.l_amount, d.l_fee,
				       d.l_currency,
				       CASE d.discrepancy
				           WHEN 'unmapped_type' THEN ?
				           WHEN 'missing_in_ledger' THEN ?
				           WHEN 'missing_at_stripe' THEN 'Look the object up at Stripe: if Stripe never made it, reverse the journal; if it belongs to another day, it reconciles there'
				           WHEN 'amount_mismatch' THEN 'Compare the webhook payload with the Stripe object and post a correcting journal for the difference'
				           WHEN 'fee_mismatch' THEN 'Post an adjusting journal to platform:stripe_fees for the difference (Stripe''s figure is the settled one)'
				           WHEN 'currency_mismatch' THEN 'Check the settlement currency at Stripe and rebook the journal in it'
				           ELSE 'None if the other day reconciles: the ledger booked it on another day than Stripe created it'
				       END
				  FROM (SELECT p.*,
				               CASE WHEN p.category = 'unmapped' THEN 'unmapped_type'
				                    WHEN NOT p.in_ledger AND NOT (p.category IN ('payout', 'settlement') AND p.s_amount = 0)
				                         THEN 'missing_in_ledger'
				                    WHEN p.txn_id IS NULL THEN 'missing_at_stripe'
				                    WHEN p.l_currency IS NOT NULL AND p.s_currency <> p.l_currency THEN 'currency_mismatch'
				                    WHEN p.l_amount IS NOT NULL AND p.s_amount <> p.l_amount THEN 'amount_mismatch'
				                    WHEN p.s_fee <> p.l_fee THEN 'fee_mismatch'
				                    WHEN p.effective_at < ? OR p.effective_at >= ? THEN 'timing'
				               END AS discrepancy
				          FROM recon_pairs p) d
				 WHERE d.discrepancy IS NOT NULL
				ON CONFLICT (business_date, category, object_id) DO NOTHING
				""", Date.valueOf(date), SUGGEST_UNMAPPED_TYPE, SUGGEST_MISSING_IN_LEDGER, Timestamp.from(from),
				Timestamp.from(before));
		this.jdbc.update("""
				INSERT INTO reconciliation_totals (business_date, category, currency, stripe_count, stripe_amount, stripe_fee,
				    ledger_count, ledger_amount, ledger_fee)
				SELECT ?, p.category, p.s_currency, count(*), sum(p.s_amount), sum(p.s_fee), count(*) FILTER (WHERE p.in_ledger),
				       coalesce(sum(coalesce(p.l_amount, p.s_amount)) FILTER (WHERE p.in_ledger), 0),
				       coalesce(sum(p.l_fee) FILTER (WHERE p.in_ledger), 0)
				  FROM recon_pairs p WHERE p.txn_id IS NOT NULL
				 GROUP BY p.category, p.s_currency
				""", Date.valueOf(date));
		return discrepancies;
	}

	/** A journal's {@code platform:cash} debits less credits and its currency, as a lateral subquery. */
	private static String cashOf(String journalId) {
		return "SELECT min(p.currency)::text AS currency,"
				+ " sum(CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END) AS cash"
				+ " FROM postings p JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:cash'"
				+ " WHERE p.journal_id = " + journalId;
	}

}
