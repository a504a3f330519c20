package com.treasurybatch.jobs.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A business date's reconciliation as finance reads it. Amounts in minor units, signed as Stripe signs them
 * (money leaving the platform balance is negative).
 *
 * @param date the business date
 * @param status {@code STARTED} (running, or failed: restart it), {@code CLEAN} or {@code DISCREPANCIES}
 * @param stripeCount balance transactions Stripe listed for the date
 * @param integrityFailures ledger integrity checks that failed, explained; empty when sound
 * @param finishedAt when the run finished (UTC), null while STARTED
 * @param totals counts and totals per category and currency, Stripe's and the ledger's
 * @param discrepancies one per mismatch
 */
public record ReconciliationReport(LocalDate date, String status, long stripeCount, List<String> integrityFailures,
		Instant finishedAt, List<Total> totals, List<Discrepancy> discrepancies) {

	/**
	 * One category's figures.
	 * @param category charge, refund, refund_failure, dispute, transfer, transfer_reversal, payout, settlement, unmapped
	 * (see {@code BalanceTransactionTypes})
	 * @param currency lowercase ISO code
	 * @param stripeCount Stripe's balance transactions
	 * @param stripeAmountCents their amounts' sum
	 * @param stripeFeeCents their fees' sum
	 * @param ledgerCount those the ledger booked
	 * @param ledgerAmountCents the ledger's amounts for them
	 * @param ledgerFeeCents the ledger's fees for them
	 */
	public record Total(String category, String currency, long stripeCount, long stripeAmountCents,
			long stripeFeeCents, long ledgerCount, long ledgerAmountCents, long ledgerFeeCents) {
	}

	/**
	 * One mismatch.
	 * @param category missing_in_ledger, missing_at_stripe, amount_mismatch, fee_mismatch, currency_mismatch, timing,
	 * unmapped_type
	 * @param objectId the Stripe object ({@code pi_} for charges, {@code re_}, {@code tr_}, {@code trr_}), or the
	 * balance transaction {@code txn_} for disputes, payouts and the other settlement-booked types
	 * @param stripeTxnId {@code txn_...}, null when missing at Stripe
	 * @param stripeAmountCents null when missing at Stripe
	 * @param stripeFeeCents null when missing at Stripe
	 * @param stripeCurrency null when missing at Stripe
	 * @param ledgerAmountCents null when missing in the ledger
	 * @param ledgerFeeCents null when missing in the ledger
	 * @param ledgerCurrency null when missing in the ledger
	 * @param suggestedAction what a person should do
	 */
	public record Discrepancy(String category, String objectId, String stripeTxnId, Long stripeAmountCents,
			Long stripeFeeCents, String stripeCurrency, Long ledgerAmountCents, Long ledgerFeeCents,
			String ledgerCurrency, String suggestedAction) {
	}

	/** Copies the lists. */
	public ReconciliationReport {
		integrityFailures = List.copyOf(integrityFailures);
		totals = List.copyOf(totals);
		discrepancies = List.copyOf(discrepancies);
	}

	/** One line: e.g. {@code 2026-11-20 CLEAN: 1234 Stripe balance transactions agree with the ledger, ledger sound}. */
	public String summary() {
		if (!"CLEAN".equals(this.status) && !"DISCREPANCIES".equals(this.status)) {
			return this.date + " " + this.status + ": the run has not finished (restart it if it failed)";
		}
		String ledger = this.integrityFailures.isEmpty() ? "ledger sound"
				: this.integrityFailures.size() + " ledger integrity check(s) FAILED";
		if (this.discrepancies.isEmpty()) {
			return this.date + " " + this.status + ": " + this.stripeCount
					+ " Stripe balance transactions agree with the ledger, " + ledger;
		}
		return this.date + " " + this.status + ": " + this.discrepancies.size() + " discrepancies in "
				+ this.stripeCount + " Stripe balance transactions, " + ledger;
	}

}
