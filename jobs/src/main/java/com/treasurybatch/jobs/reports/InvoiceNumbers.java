package com.treasurybatch.jobs.reports;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * Issues VAT invoices and credit notes with sequential numbers per series (Article 226 (2) of Directive
 * 2006/112/EC: "a sequential number, based on one or more series, which uniquely identifies the invoice"), dated
 * the day they are issued (Article 226 (1)), and books their VAT in the same transaction, so that
 * {@code platform:vat_payable} always holds the invoices' VAT less the credit notes'.
 *
 * <p>Invariants: numbers of a series are 1, 2, 3, ... with no gap and no repeat. The number comes from the series'
 * counter row in {@code invoice_counters}, incremented by the transaction that inserts the document (never a
 * database SEQUENCE, whose values are lost on rollback): concurrent issuers queue on the row lock, and a rollback
 * gives the number back. The issue date is read from the clock after the lock is taken, so numbers follow the
 * order of issue; the database checks both again at the write (triggers {@code *_gapless}, {@code *_issue_order}).
 * The series is the prefix plus the year of issue. One payee has one invoice per month and currency, and one credit
 * note per month of refunds and corrected invoice: issuing again returns the one issued.
 */
@Component
class InvoiceNumbers {

	/** Journal kind of an invoice's VAT: Dr fee_revenue, Cr vat_payable. */
	static final String VAT_INVOICE_KIND = "vat_invoice";

	/** Journal kind of a credit note's VAT: Dr vat_payable, Cr fee_revenue. */
	static final String VAT_CREDIT_NOTE_KIND = "vat_credit_note";

	private static final String INVOICE_COLUMNS = """
			id, series, number, payee_account, period, issue_date, trim(currency) AS currency, taxable_cents, rate_bps,
			vat_cents, rounding_cents, reverse_charge, trim(state_currency) AS state_currency, state_vat_cents, fx_rate, fx_source,
			fx_date""";

	private static final String NOTE_COLUMNS = """
			id, series, number, invoice_id, payee_account, period, issue_date, trim(currency) AS currency,
			taxable_cents, rate_bps, vat_cents, rounding_cents, reverse_charge, trim(state_currency) AS state_currency,
			state_vat_cents, fx_rate, fx_source, fx_date""";

	private final JdbcClient jdbc;

	private final Ledger ledger;

	private final Clock clock;

	InvoiceNumbers(JdbcClient jdbc, Ledger ledger, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * Issues an invoice in the caller's transaction (required) and books its VAT, or returns the one already
	 * issued for the payee, month and currency.
	 * @param draft the invoice; {@code series} is the series prefix; its id, number and issue date are ignored
	 * @return the invoice as issued
	 * @throws IllegalStateException without a transaction (the number would commit apart from what uses it)
	 */
	VatInvoice issue(VatInvoice draft) {
		requireTransaction();
		Optional<VatInvoice> issued = find(draft.payeeAccount(), draft.period(), draft.currency());
		if (issued.isPresent()) {
			return issued.get();
		}
		Numbered next = next(draft.series());
		long id = this.jdbc.sql("""
				INSERT INTO vat_invoices (series, number, payee_account, period, issue_date, currency, taxable_cents,
				    rate_bps, vat_cents, rounding_cents, reverse_charge, state_currency, state_vat_cents, fx_rate, fx_source,
				    fx_date)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(next.series(), next.number(), draft.payeeAccount(), draft.period(), next.issueDate(),
					draft.currency(), draft.taxableCents(), draft.rateBps(), draft.vatCents(), draft.roundingCents(),
					draft.reverseCharge(),
					draft.stateCurrency(), draft.stateVatCents(), draft.fxRate(), draft.fxSource(), draft.fxDate())
			.query(Long.class)
			.single();
		String printed = VatInvoice.printed(next.series(), next.number());
		book(VAT_INVOICE_KIND, printed, "VAT of invoice " + printed, draft.vatCents(), draft.currency(),
				LedgerAccounts.PLATFORM_FEE_REVENUE, LedgerAccounts.PLATFORM_VAT_PAYABLE);
		return new VatInvoice(id, next.series(), next.number(), draft.payeeAccount(), draft.period(),
				next.issueDate(), draft.currency(), draft.taxableCents(), draft.rateBps(), draft.vatCents(),
				draft.roundingCents(), draft.reverseCharge(), draft.stateCurrency(), draft.stateVatCents(), draft.fxRate(), draft.fxSource(),
				draft.fxDate());
	}

	/**
	 * Issues a credit note in the caller's transaction (required) and books the VAT it gives back, or returns the
	 * one already issued for the corrected invoice and month.
	 * @param draft the credit note; {@code series} is the series prefix; its id, number and issue date are ignored
	 * @return the credit note as issued
	 * @throws IllegalStateException without a transaction
	 */
	VatCreditNote issue(VatCreditNote draft) {
		requireTransaction();
		Optional<VatCreditNote> issued = creditNote(draft.invoiceId(), draft.period());
		if (issued.isPresent()) {
			return issued.get();
		}
		Numbered next = next(draft.series());
		long id = this.jdbc.sql("""
				INSERT INTO vat_credit_notes (series, number, invoice_id, payee_account, period, issue_date, currency,
				    taxable_cents, rate_bps, vat_cents, rounding_cents, reverse_charge, state_currency, state_vat_cents,
				    fx_rate, fx_source, fx_date)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(next.series(), next.number(), draft.invoiceId(), draft.payeeAccount(), draft.period(),
					next.issueDate(), draft.currency(), draft.taxableCents(), draft.rateBps(), draft.vatCents(),
					draft.roundingCents(), draft.reverseCharge(), draft.stateCurrency(), draft.stateVatCents(), draft.fxRate(),
					draft.fxSource(), draft.fxDate())
			.query(Long.class)
			.single();
		String printed = VatInvoice.printed(next.series(), next.number());
		book(VAT_CREDIT_NOTE_KIND, printed, "VAT given back by credit note " + printed, draft.vatCents(),
				draft.currency(), LedgerAccounts.PLATFORM_VAT_PAYABLE, LedgerAccounts.PLATFORM_FEE_REVENUE);
		return new VatCreditNote(id, next.series(), next.number(), draft.invoiceId(), draft.payeeAccount(),
				draft.period(), next.issueDate(), draft.currency(), draft.taxableCents(), draft.rateBps(),
				draft.vatCents(), draft.roundingCents(), draft.reverseCharge(), draft.stateCurrency(), draft.stateVatCents(), draft.fxRate(),
				draft.fxSource(), draft.fxDate());
	}

	/** The invoice of a payee for a month and currency, if issued. */
	Optional<VatInvoice> find(String payeeAccount, String period, String currency) {
		return this.jdbc.sql("SELECT " + INVOICE_COLUMNS
				+ " FROM vat_invoices WHERE payee_account = ? AND period = ? AND currency = ?")
			.params(payeeAccount, period, currency)
			.query(VatInvoice.class)
			.optional();
	}

	/** An invoice by id. */
	VatInvoice invoice(long id) {
		return this.jdbc.sql("SELECT " + INVOICE_COLUMNS + " FROM vat_invoices WHERE id = ?")
			.param(id)
			.query(VatInvoice.class)
			.single();
	}

	/** The credit note of a month correcting an invoice, if issued. */
	Optional<VatCreditNote> creditNote(long invoiceId, String period) {
		return this.jdbc.sql("SELECT " + NOTE_COLUMNS + " FROM vat_credit_notes WHERE invoice_id = ? AND period = ?")
			.params(invoiceId, period)
			.query(VatCreditNote.class)
			.optional();
	}

	/** The credit notes of an invoice issued for months before one, in number order. */
	List<VatCreditNote> creditNotesBefore(long invoiceId, String period) {
		return this.jdbc.sql("SELECT " + NOTE_COLUMNS
				+ " FROM vat_credit_notes WHERE invoice_id = ? AND period < ? ORDER BY series, number")
			.params(invoiceId, period)
			.query(VatCreditNote.class)
			.list();
	}

	private Numbered next(String prefix) {
		// the year of issue decides the series, so the day is read first; it is read again under the row lock
		String series = prefix + LocalDate.now(this.clock).getYear();
		this.jdbc.sql("INSERT INTO invoice_counters (series, next_number) VALUES (?, 1) ON CONFLICT (series) DO NOTHING")
			.param(series)
			.update();
		long number = this.jdbc
			.sql("UPDATE invoice_counters SET next_number = next_number + 1 WHERE series = ? RETURNING next_number - 1")
			.param(series)
			.query(Long.class)
			.single();
		LocalDate issueDate = LocalDate.now(this.clock);
		if (issueDate.getYear() != Integer.parseInt(series.substring(series.length() - 4))) {
			throw new IllegalStateException("The year turned while issuing " + series + "-" + number
					+ "; issue it again (the number is given back)");
		}
		return new Numbered(series, number, issueDate);
	}

	private void book(String kind, String source, String description, long vatCents, String currency, String debit,
			String credit) {
		if (vatCents == 0) {
			return;
		}
		this.ledger.post(JournalEntry.of(kind, source, description, this.clock.instant(),
				List.of(JournalLine.debit(debit, vatCents, currency), JournalLine.credit(credit, vatCents, currency))));
	}

	private static void requireTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Invoice numbers are issued inside the transaction that uses them");
		}
	}

	private record Numbered(String series, long number, LocalDate issueDate) {
	}

}
