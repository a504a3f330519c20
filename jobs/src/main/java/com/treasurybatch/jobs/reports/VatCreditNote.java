package com.treasurybatch.jobs.reports;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An issued credit note (Article 219 of Directive 2006/112/EC): platform fees given back by the refunds of a month
 * for sales of one invoice, reducing that invoice's taxable amount and VAT at its rate. Amounts are positive.
 *
 * @param id row id, 0 for a draft
 * @param series credit note series, e.g. {@code TBCN2026} (a draft holds the prefix, e.g. {@code TBCN})
 * @param number sequential number within the series, gapless
 * @param invoiceId the invoice it corrects
 * @param payeeAccount the customer, acct_...
 * @param period month of the refunds, yyyy-MM
 * @param issueDate the day it was issued
 * @param currency the invoice's currency
 * @param taxableCents reduction of the taxable amount, minor units
 * @param rateBps the invoice's rate
 * @param vatCents VAT given back, minor units (debited from {@code platform:vat_payable})
 * @param roundingCents rounding amount (EN 16931 BT-114): the change of the cumulative rounding, -2 to 2
 * @param reverseCharge as the invoice
 * @param stateCurrency as {@link VatInvoice#stateCurrency()}, and the four after it
 * @param stateVatCents the VAT in {@code stateCurrency}
 * @param fxRate {@code stateCurrency} units per {@code currency} unit
 * @param fxSource where the rate comes from
 * @param fxDate the day the rate was published for
 */
record VatCreditNote(long id, String series, long number, long invoiceId, String payeeAccount, String period,
		LocalDate issueDate, String currency, long taxableCents, int rateBps, long vatCents, long roundingCents,
		boolean reverseCharge,
		String stateCurrency, Long stateVatCents, BigDecimal fxRate, String fxSource, LocalDate fxDate) {

	/** The number as printed, e.g. {@code TBCN2026-000007}. */
	String printedNumber() {
		return VatInvoice.printed(this.series, this.number);
	}

	/** The fees given back: taxable amount plus VAT plus rounding. */
	long totalCents() {
		return this.taxableCents + this.vatCents + this.roundingCents;
	}

	/** The Article 230 figures, or null. */
	VatInvoice.StateVat stateVat() {
		return (this.stateCurrency == null) ? null : new VatInvoice.StateVat(this.stateCurrency, this.stateVatCents,
				this.fxRate, this.fxSource, this.fxDate);
	}

}
