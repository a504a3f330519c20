package com.treasurybatch.jobs.reports;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues VAT invoices with sequential numbers per series (Article 226 (2) of Directive 2006/112/EC: "a sequential
 * number, based on one or more series, which uniquely identifies the invoice").
 *
 * <p>Invariants: numbers of a series are 1, 2, 3, ... with no gap and no repeat. The number comes from the series'
 * counter row in {@code invoice_counters}, incremented by the transaction that inserts the invoice (never a database
 * SEQUENCE, whose values are lost on rollback): concurrent issuers queue on the row lock, and a rollback gives the
 * number back. The database checks it again at the write (trigger {@code vat_invoices_gapless}). One payee has one
 * invoice per month and currency: issuing again returns the one issued.
 */
@Component
class InvoiceNumbers {

	private final JdbcClient jdbc;

	InvoiceNumbers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issues an invoice in the caller's transaction (required), or returns the one already issued for the payee,
	 * month and currency.
	 * @param draft the invoice; its number is ignored
	 * @return the invoice as issued, with its number
	 * @throws IllegalStateException without a transaction (the number would commit apart from what uses it)
	 */
	VatInvoice issue(VatInvoice draft) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Invoice numbers are issued inside the transaction that uses them");
		}
		Optional<VatInvoice> issued = find(draft.payeeAccount(), draft.period(), draft.currency());
		if (issued.isPresent()) {
			return issued.get();
		}
		this.jdbc.sql("INSERT INTO invoice_counters (series, next_number) VALUES (?, 1) ON CONFLICT (series) DO NOTHING")
			.param(draft.series())
			.update();
		long number = this.jdbc
			.sql("UPDATE invoice_counters SET next_number = next_number + 1 WHERE series = ? RETURNING next_number - 1")
			.param(draft.series())
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO vat_invoices (series, number, payee_account, period, issue_date, currency, taxable_cents,
				    rate_bps, vat_cents, reverse_charge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(draft.series(), number, draft.payeeAccount(), draft.period(), draft.issueDate(), draft.currency(),
					draft.taxableCents(), draft.rateBps(), draft.vatCents(), draft.reverseCharge())
			.update();
		return new VatInvoice(draft.series(), number, draft.payeeAccount(), draft.period(), draft.issueDate(),
				draft.currency(), draft.taxableCents(), draft.rateBps(), draft.vatCents(), draft.reverseCharge());
	}

	/** The invoice of a payee for a month and currency, if issued. */
	Optional<VatInvoice> find(String payeeAccount, String period, String currency) {
		return this.jdbc.sql("""
				SELECT series, number, payee_account, period, issue_date, trim(currency) AS currency, taxable_cents,
				       rate_bps, vat_cents, reverse_charge
				FROM vat_invoices WHERE payee_account = ? AND period = ? AND currency = ?""")
			.params(payeeAccount, period, currency)
			.query(VatInvoice.class)
			.optional();
	}

}
