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
 * date), a WARNING {@code reconciliation_unmapped_type} naming the balance transaction types no table maps, and a
 * targeted backfill of the events of each object missing in the ledger (bounded).
 */
class ReconciliationOutcome {

	/**
	 * Event types that book each category's objects (inbox-processing's handlers), asked for again when an object
	 * is missing in the ledger; the object named in their JSON is the discrepancy's object id ({@code pi_...} of a
	 * charge, {@code re_...} of a refund, the {@code txn_...} a dispute's {@code balance_transactions} list).
	 */
	static final Map<String, List<String>> EVENT_TYPES = Map.of("charge",
			List.of("checkout.session.completed", "checkout.session.async_payment_succeeded", "invoice.paid",
					"invoice_payment.paid", "payment_intent.succeeded"),
			"refund", List.of("charge.refunded", "refund.created", "refund.updated", "charge.refund.updated"),
			"refund_failure", List.of("refund.failed", "refund.updated", "charge.refund.updated"), "dispute",
			List.of("charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"),
			"transfer_reversal", List.of("transfer.reversed"));

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
		List<String> unmapped = this.jdbc.queryForList("""
				SELECT DISTINCT r.type FROM reconciliation_discrepancies d
				  JOIN reconciliation_stripe_rows r ON r.business_date = d.business_date AND r.txn_id = d.stripe_txn_id
				 WHERE d.business_date = ? AND d.category = 'unmapped_type' ORDER BY r.type""", String.class,
				Date.valueOf(date));
		if (!unmapped.isEmpty()) {
			this.alerts.raise(Severity.WARNING, "reconciliation_unmapped_type", date.toString(),
					"stripe-reconciliation " + date + ": Stripe balance transactions of types the reconciliation"
							+ " README does not map: " + String.join(", ", unmapped)
							+ "; they are not booked; see `reconciliation show " + date + "`",
					"reconciliation_unmapped_type:" + date);
		}
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
		this.jdbc.query("SELECT s.category, d.object_id, s.created FROM reconciliation_discrepancies d"
				+ " JOIN (SELECT r.txn_id, r.created, " + BalanceTransactionTypes.categorySql("r") + " AS category"
				+ "         FROM reconciliation_stripe_rows r WHERE r.business_date = ?) s ON s.txn_id = d.stripe_txn_id"
				+ " WHERE d.business_date = ? AND d.category = 'missing_in_ledger'"
				+ " ORDER BY d.id LIMIT ?", (row) -> {
			List<String> types = EVENT_TYPES.get(row.getString(1));
			if (types != null) {
				staged[0] += this.backfill.stageAbout(
						row.getTimestamp(3).toInstant().minus(EVENTS_BEFORE_TRANSACTION), types, row.getString(2));
			}
		}, Date.valueOf(date), Date.valueOf(date), objectsMax);
		return staged[0];
	}

}
