package com.treasurybatch.jobs.reports;

import java.time.LocalDate;

/**
 * An issued VAT invoice for the platform's fees of a month (the amounts; the parties' names and addresses are read
 * when it is rendered).
 *
 * @param series invoice series, e.g. {@code TB2026}
 * @param number sequential number within the series, from 1, gapless
 * @param payeeAccount the customer, acct_...
 * @param period month of supply, yyyy-MM
 * @param issueDate date of issue
 * @param currency lower-case ISO 4217
 * @param taxableCents taxable amount (the platform fees), minor units
 * @param rateBps VAT rate applied, basis points (0 under the reverse charge)
 * @param vatCents VAT payable, minor units
 * @param reverseCharge true when the customer accounts for the VAT (Article 196)
 */
record VatInvoice(String series, long number, String payeeAccount, String period, LocalDate issueDate,
		String currency, long taxableCents, int rateBps, long vatCents, boolean reverseCharge) {

	/** The invoice number as printed, e.g. {@code TB2026-000042}. */
	String printedNumber() {
		return this.series + "-" + String.format("%06d", this.number);
	}

	/** VAT of an amount at a rate, rounded half up to the minor unit, integer arithmetic only. */
	static long vat(long taxableCents, int rateBps) {
		return (taxableCents * rateBps + 5_000) / 10_000;
	}

}
