package com.treasurybatch.jobs.reconciliation;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.backfill.EventBackfill;

/**
 * What a finished reconciliation does about its findings: a WARNING {@code reconciliation_discrepancies} alert
 * when there are discrepancies, a CRITICAL {@code ledger_integrity_failed} when a ledger check failed (each once per
 * date), and a targeted backfill of the events of each object missing in the ledger (bounded).
 */
class ReconciliationOutcome {

	/** Event types that book each category's objects (inbox-processing's handlers). */
	static final Map<String, List<String>> EVENT_TYPES = Map.of("charge",
			List.of("checkout.session.completed", "checkout.session.async_payment_succeeded"), "refund",
			List.of("charge.refunded"), "dispute", List.of("charge.dispute.created"), "transfer_reversal",
			List.of("transfer.reversed"));

	private static final Duration EVENTS_BEFORE_TRANSACTION = Duration.ofHours(1);

	private final JdbcTemplate jdbc;

	private final Alerts alerts;

	private final EventBackfill backfill;

	ReconciliationOutcome(JdbcTemplate jdbc, Alerts alerts, EventBackfill backfill) {
		this.jdbc = jdbc;
		this.alerts = alerts;
		this.backfill = backfill;
	}

	/** Raises the run's alerts. */
	void alert(LocalDate date, int discrepancies, List<String> integrityFailures) {
		if (discrepancies > 0) {
			this.alerts.raise(Severity.WARNING, "reconciliation_discrepancies", date.toString(),
					"stripe-reconciliation " + date + ": " + discrepancies
							+ " discrepancies between Stripe and the ledger; see `reconciliation show " + date + "`",
					"reconciliation_discrepancies:" + date);
		}
		if (!integrityFailures.isEmpty()) {
			this.alerts.raise(Severity.CRITICAL, "ledger_integrity_failed", date.toString(),
					"Ledger integrity checks failed (reconciliation of " + date + "): "
							+ String.join("; ", integrityFailures),
					"ledger_integrity_failed:" + date);
		}
	}

	/**
	 * Fetches again the events of objects missing in the ledger.
	 * @return events newly staged
	 */
	int backfillMissing(LocalDate date, int objectsMax) {
		int[] staged = { 0 };
		this.jdbc.query("""
				SELECT s.category, d.object_id, s.created FROM reconciliation_discrepancies d
				  JOIN (SELECT txn_id, created,
				               CASE WHEN type IN ('charge', 'payment') THEN 'charge'
				                    WHEN type IN ('refund', 'payment_refund') THEN 'refund'
				                    WHEN reporting_category = 'dispute' THEN 'dispute'
				                    WHEN type = 'transfer_refund' THEN 'transfer_reversal' ELSE 'other' END AS category
				          FROM reconciliation_stripe_rows WHERE business_date = ?) s ON s.txn_id = d.stripe_txn_id
				 WHERE d.business_date = ? AND d.category = 'missing_in_ledger'
				 ORDER BY d.id LIMIT ?""", (row) -> {
			List<String> types = EVENT_TYPES.get(row.getString(1));
			if (types != null) {
				staged[0] += this.backfill.stageAbout(
						row.getTimestamp(3).toInstant().minus(EVENTS_BEFORE_TRANSACTION), types, row.getString(2));
			}
		}, Date.valueOf(date), Date.valueOf(date), objectsMax);
		return staged[0];
	}

}
