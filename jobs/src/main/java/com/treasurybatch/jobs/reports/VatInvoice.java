package com.treasurybatch.jobs.reports;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An issued VAT invoice for the platform's fees of a month (the amounts; the parties' names and addresses are read
 * when it is rendered). The configured platform fee is VAT-inclusive: taxable amount + VAT = the fees deducted.
 *
 * @param id row id, 0 for a draft
 * @param series invoice series, e.g. {@code TB2026} (a draft holds the prefix, e.g. {@code TB})
 * @param number sequential number within the series, from 1, gapless
 * @param payeeAccount the customer, acct_...
 * @param period month of supply, yyyy-MM
 * @param issueDate date of issue: the day it was issued (Article 226 (1))
 * @param currency lower-case ISO 4217
 * @param taxableCents taxable amount, minor units
 * @param rateBps VAT rate applied, basis points (0 under the reverse charge)
 * @param vatCents VAT, minor units (booked to {@code platform:vat_payable})
 * @param roundingCents what the fees deducted differ from taxable + VAT by (EN 16931 BT-114), -1 to 1
 * @param reverseCharge true when the customer accounts for the VAT (Article 196)
 * @param stateCurrency the currency of the member state where the VAT is due when it is not {@code currency}
 * (Article 230), else null; so are the four after it
 * @param stateVatCents the VAT in {@code stateCurrency}, its minor units
 * @param fxRate {@code stateCurrency} units per {@code currency} unit
 * @param fxSource where the rate comes from
 * @param fxDate the day the rate was published for
 */
record VatInvoice(long id, String series, long number, String payeeAccount, String period, LocalDate issueDate,
		String currency, long taxableCents, int rateBps, long vatCents, long roundingCents, boolean reverseCharge,
		String stateCurrency,
		Long stateVatCents, BigDecimal fxRate, String fxSource, LocalDate fxDate) {

	/** The invoice number as printed, e.g. {@code TB2026-000042}. */
	String printedNumber() {
		return printed(this.series, this.number);
	}

	/** The fees deducted: taxable amount plus VAT plus rounding, minor units. */
	long totalCents() {
		return this.taxableCents + this.vatCents + this.roundingCents;
	}

	/** The Article 230 figures, or null when the invoice is in the currency of the state where VAT is due. */
	StateVat stateVat() {
		return (this.stateCurrency == null) ? null
				: new StateVat(this.stateCurrency, this.stateVatCents, this.fxRate, this.fxSource, this.fxDate);
	}

	/** A document number as printed: series, dash, six digits. */
	static String printed(String series, long number) {
		return series + "-" + String.format("%06d", number);
	}

	/**
	 * The taxable amount contained in a VAT-inclusive amount: {@code gross x 10000 / (10000 + rate bps)}, rounded
	 * half up to the minor unit, integer arithmetic only. The VAT is {@link #vatOf} of it and what is left (a minor
	 * unit at most, either way) is the rounding amount.
	 * @param grossCents VAT-inclusive amount, minor units, not negative
	 * @param rateBps VAT rate, basis points
	 */
	static long taxableOf(long grossCents, int rateBps) {
		long divisor = 10_000L + rateBps;
		return (grossCents * 10_000L * 2 + divisor) / (divisor * 2);
	}

	/**
	 * VAT of a taxable amount at a rate, rounded half up to the minor unit (EN 16931 BR-S-09: taxable amount x rate,
	 * rounded), integer arithmetic only.
	 */
	static long vatOf(long taxableCents, int rateBps) {
		return (taxableCents * rateBps + 5_000) / 10_000;
	}

	/**
	 * The Article 230 figures of a document.
	 *
	 * @param currency lower-case ISO 4217 of the member state where the VAT is due
	 * @param vatCents the VAT in that currency, its minor units
	 * @param rate units of {@code currency} per unit of the document's currency
	 * @param source where the rate comes from
	 * @param day the day the rate was published for
	 */
	record StateVat(String currency, long vatCents, BigDecimal rate, String source, LocalDate day) {
	}

}
