package com.treasurybatch.shared.testing;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * Test fixture: what the settlement step of {@code stripe-reconciliation} leaves for a settled charge, for tests
 * that need a sale's Stripe fee without running that job: the charge's staged balance transaction (shaped like
 * Stripe's {@code balance_transaction} of type {@code charge}) and its {@code stripe_fee} journal (Dr
 * {@code platform:stripe_fees}, Cr {@code platform:cash}). Call inside the caller's transaction.
 */
public final class SettledCharges {

	private SettledCharges() {
	}

	/**
	 * Stages a charge's balance transaction and books its fee.
	 * @param jdbc the application's database
	 * @param ledger the ledger
	 * @param paymentIntent {@code pi_...} of the charge
	 * @param grossCents the charge, minor units
	 * @param feeCents Stripe's fee, minor units, positive
	 * @param currency lowercase ISO code
	 * @param at when the charge was made (UTC)
	 * @return the balance transaction id, {@code txn_...}
	 */
	public static String settle(JdbcTemplate jdbc, Ledger ledger, String paymentIntent, long grossCents, long feeCents,
			String currency, Instant at) {
		String suffix = paymentIntent.substring(3);
		String txn = "txn_" + suffix;
		jdbc.update("""
				INSERT INTO reconciliation_stripe_rows (business_date, txn_id, type, reporting_category, source_id,
				    payment_intent, amount, fee, currency, created)
				VALUES (?, ?, 'charge', 'charge', ?, ?, ?, ?, ?, ?)""",
				Date.valueOf(at.atZone(ZoneOffset.UTC).toLocalDate()), txn, "ch_" + suffix, paymentIntent, grossCents,
				feeCents, currency, Timestamp.from(at));
		ledger.post(JournalEntry.of("stripe_fee", txn, "Stripe fee of " + txn, at,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, feeCents, currency),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, feeCents, currency))));
		return txn;
	}

}
