package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.lowagie.text.Document;
import com.lowagie.text.pdf.PdfPTable;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.TaxProfile;
import com.treasurybatch.shared.reports.TaxProfiles;

/**
 * {@code vat-invoices}: for a month, one invoice per EU payee (tax profile in a member state) and currency charged
 * platform fees ({@link PlatformFees}), with every field of Article 226 of Council Directive 2006/112/EC:
 * (1) date of issue, (2) sequential number ({@link InvoiceNumbers}, series = prefix + year of issue), (3) the
 * supplier's VAT id, (4) the customer's VAT id where the customer is liable (reverse charge), (5) full names and
 * addresses of supplier and customer, (6) nature of the services, (7) date of supply, (8) taxable amount, (9) VAT
 * rate, (10) VAT amount, (11a) "Reverse charge".
 *
 * <p>Reverse charge (Articles 44 and 196): a business customer with a VAT id in another member state than the
 * supplier's accounts for the VAT itself; the invoice charges none. Otherwise VAT is charged at the standard rate
 * of the customer's country on the date of supply ({@link VatRates}; Article 58 for consumers of electronically
 * supplied services). The invoice is issued on the first day after the month (Article 222: by the 15th of the next
 * month) and the supply dated the month's last day, so reissuing the file gives the same bytes.
 *
 * <p>A payee charged platform fees in the month without a tax profile cannot be invoiced (neither country nor VAT
 * status is known): it gets no invoice and a WARNING alert {@value #NO_TAX_PROFILE}, once per payee and month, so
 * that finance loads its profile instead of missing an invoice silently.
 */
@Component
class VatInvoiceRenderer implements ReportRenderer {

	/** Alert kind: fees charged to a payee with no tax profile, so no invoice. */
	static final String NO_TAX_PROFILE = "vat_invoice_no_tax_profile";

	private static final String INVOICE = "invoice:";

	private static final String E_INVOICE = "einvoice:";

	private static final String CREDIT_NOTE = "creditnote:";

	private static final String E_CREDIT_NOTE = "ecreditnote:";

	private final PlatformFees fees;

	private final TaxProfiles profiles;

	private final VatRates rates;

	private final InvoiceNumbers numbers;

	private final ReportsProperties properties;

	private final Alerts alerts;

	private final ReferenceRates referenceRates;

	private final EInvoices einvoices;

	private final Clock clock;

	VatInvoiceRenderer(PlatformFees fees, TaxProfiles profiles, VatRates rates, InvoiceNumbers numbers,
			ReportsProperties properties, Alerts alerts, ReferenceRates referenceRates, EInvoices einvoices,
			Clock clock) {
		this.referenceRates = referenceRates;
		this.einvoices = einvoices;
		this.clock = clock;
		this.fees = fees;
		this.profiles = profiles;
		this.rates = rates;
		this.numbers = numbers;
		this.properties = properties;
		this.alerts = alerts;
	}

	@Override
	public ReportType type() {
		return ReportType.VAT_INVOICES;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		if (LocalDate.now(this.clock).isBefore(request.endDay())) {
			throw new IllegalArgumentException("The month " + request.period() + " is not over yet: its invoices are "
					+ "issued from " + request.endDay());
		}
		List<PlatformFees.PayeeFees> charged = this.fees.all(request)
			.stream()
			.filter((fee) -> fee.feesCents() > 0)
			.toList();
		charged.stream()
			.filter((fee) -> this.profiles.find(fee.payeeAccount()).isEmpty())
			.forEach((fee) -> this.alerts.raise(Severity.WARNING, NO_TAX_PROFILE, fee.payeeAccount(),
					"Payee " + fee.payeeAccount() + " was charged platform fees of "
							+ Money.format(fee.feesCents(), fee.currency()) + " in " + request.period()
							+ " but has no tax profile, so no VAT invoice was issued for it; load its profile"
							+ " (tax-profiles load)",
					NO_TAX_PROFILE + ":" + request.period() + ":" + fee.payeeAccount() + ":" + fee.currency()));
		List<ReportFile> files = new ArrayList<>();
		charged.stream().filter((fee) -> invoiced(fee.payeeAccount())).forEach((fee) -> {
			String key = fee.payeeAccount() + "-" + fee.currency();
			String subject = fee.payeeAccount() + "/" + fee.currency() + "/" + request.period();
			files.add(new ReportFile("invoice-" + key + ".pdf", INVOICE + subject, ReportFile.PDF));
			files.add(new ReportFile("einvoice-" + key + ".pdf", E_INVOICE + subject, ReportFile.PDF));
		});
		for (PlatformFees.GivenBack back : this.fees.givenBack(request)) {
			if (!invoiced(back.payeeAccount())) {
				continue;
			}
			boolean sameMonth = back.salePeriod().equals(request.period());
			if (!sameMonth && this.numbers.find(back.payeeAccount(), back.salePeriod(), back.currency()).isEmpty()) {
				throw new IllegalStateException("Refunds of " + request.period() + " give back fees of "
						+ back.payeeAccount() + " invoiced for " + back.salePeriod()
						+ ", whose invoice is not issued yet: generate vat-invoices " + back.salePeriod() + " first");
			}
			String key = back.payeeAccount() + "-" + back.currency() + "-" + back.salePeriod();
			String subject = back.payeeAccount() + "/" + back.currency() + "/" + back.salePeriod();
			files.add(new ReportFile("creditnote-" + key + ".pdf", CREDIT_NOTE + subject, ReportFile.PDF));
			files.add(new ReportFile("ecreditnote-" + key + ".pdf", E_CREDIT_NOTE + subject, ReportFile.PDF));
		}
		return files;
	}

	private boolean invoiced(String payee) {
		return this.profiles.find(payee).map((profile) -> this.rates.isMemberState(profile.country())).orElse(false);
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		String kind = file.subject().substring(0, file.subject().indexOf(':') + 1);
		String[] parts = file.subject().substring(kind.length()).split("/");
		String payee = parts[0];
		String currency = parts[1];
		String salePeriod = parts[2];
		TaxProfile customer = this.profiles.find(payee).orElseThrow();
		VatInvoice invoice = this.numbers.find(payee, salePeriod, currency)
			.orElseGet(() -> this.numbers.issue(draft(request, payee, currency)));
		switch (kind) {
			case INVOICE -> render(request, file, invoice, customer, out);
			case E_INVOICE -> out.write(this.einvoices.facturX(new EInvoices.Document(invoice.printedNumber(),
					invoice.issueDate(), ReportRequest.of("vat-invoices", salePeriod, "pdf").firstDay(),
					ReportRequest.of("vat-invoices", salePeriod, "pdf").endDay().minusDays(1), currency,
					invoice.taxableCents(), invoice.rateBps(), invoice.vatCents(), invoice.roundingCents(),
					invoice.reverseCharge(), null,
					this.properties.supplier(), customer)));
			case CREDIT_NOTE, E_CREDIT_NOTE -> {
				VatCreditNote note = this.numbers.creditNote(invoice.id(), request.period())
					.orElseGet(() -> this.numbers.issue(creditNote(request, invoice, customer)));
				if (CREDIT_NOTE.equals(kind)) {
					renderCreditNote(request, file, note, invoice, customer, out);
				}
				else {
					out.write(this.einvoices.facturX(new EInvoices.Document(note.printedNumber(), note.issueDate(),
							request.firstDay(), request.endDay().minusDays(1), currency, note.taxableCents(),
							note.rateBps(), note.vatCents(), note.roundingCents(), note.reverseCharge(),
							invoice.printedNumber(), this.properties.supplier(),
							customer)));
				}
			}
			default -> throw new IllegalStateException("Unknown file " + file);
		}
	}

	private VatInvoice draft(ReportRequest request, String payee, String currency) {
		TaxProfile customer = this.profiles.find(payee)
			.orElseThrow(() -> new IllegalStateException("No tax profile for " + payee));
		long fees = this.fees.of(payee, request)
			.stream()
			.filter((fee) -> fee.currency().equals(currency))
			.mapToLong(PlatformFees.PayeeFees::feesCents)
			.sum();
		ReportsProperties.Supplier supplier = this.properties.supplier();
		boolean reverseCharge = customer.business() && customer.vatId() != null
				&& !customer.country().equals(supplier.country());
		LocalDate supplied = request.endDay().minusDays(1);
		int rate = reverseCharge ? 0
				: this.rates.rateBps(customer.country(), supplied)
					.orElseThrow(() -> new IllegalStateException("No VAT rate for " + customer.country()));
		// the configured fee is VAT-inclusive: taxable = fee x 10000 / (10000 + rate), VAT = taxable x rate (both
		// rounded half up), and the at most one cent left is the rounding amount (EN 16931 BT-114)
		long taxable = VatInvoice.taxableOf(fees, rate);
		long vat = VatInvoice.vatOf(taxable, rate);
		VatInvoice.StateVat state = reverseCharge ? null
				: this.referenceRates.stateVat(customer.country(), supplied, currency, vat).orElse(null);
		return new VatInvoice(0, supplier.invoicePrefix(), 0, payee, request.period(), null, currency, taxable, rate,
				vat, fees - taxable - vat, reverseCharge, (state != null) ? state.currency() : null, (state != null) ? state.vatCents() : null,
				(state != null) ? state.rate() : null, (state != null) ? state.source() : null,
				(state != null) ? state.day() : null);
	}

	/**
	 * The credit note of the month for an invoice: the fees given back so far (this month's and earlier credit
	 * notes'), split at the invoice's rate, less what earlier credit notes gave back; never more than the invoice.
	 */
	private VatCreditNote creditNote(ReportRequest request, VatInvoice invoice, TaxProfile customer) {
		long given = this.fees.givenBack(request)
			.stream()
			.filter((back) -> back.payeeAccount().equals(invoice.payeeAccount())
					&& back.currency().equals(invoice.currency()) && back.salePeriod().equals(invoice.period()))
			.mapToLong(PlatformFees.GivenBack::feesCents)
			.sum();
		List<VatCreditNote> earlier = this.numbers.creditNotesBefore(invoice.id(), request.period());
		long earlierTotal = earlier.stream().mapToLong(VatCreditNote::totalCents).sum();
		long earlierTaxable = earlier.stream().mapToLong(VatCreditNote::taxableCents).sum();
		long earlierVat = earlier.stream().mapToLong(VatCreditNote::vatCents).sum();
		long cumulative = Math.min(invoice.totalCents(), earlierTotal + given);
		long cumulativeTaxable = VatInvoice.taxableOf(cumulative, invoice.rateBps());
		long taxable = cumulativeTaxable - earlierTaxable;
		long vat = VatInvoice.vatOf(cumulativeTaxable, invoice.rateBps()) - earlierVat;
		long rounding = (cumulative - earlierTotal) - taxable - vat;
		VatInvoice.StateVat state = invoice.reverseCharge() ? null
				: this.referenceRates.stateVat(customer.country(), request.endDay().minusDays(1), invoice.currency(),
						vat).orElse(null);
		return new VatCreditNote(0, this.properties.supplier().invoicePrefix() + "CN", 0, invoice.id(),
				invoice.payeeAccount(), request.period(), null, invoice.currency(), taxable, invoice.rateBps(), vat,
				rounding, invoice.reverseCharge(), (state != null) ? state.currency() : null,
				(state != null) ? state.vatCents() : null, (state != null) ? state.rate() : null,
				(state != null) ? state.source() : null, (state != null) ? state.day() : null);
	}

	private void render(ReportRequest request, ReportFile file, VatInvoice invoice, TaxProfile customer,
			OutputStream out) {
		ReportsProperties.Supplier supplier = this.properties.supplier();
		String c = invoice.currency();
		Pdfs.Opened pdf = Pdfs.open(out, request.to(), request.key() + "/" + file.name());
		Document document = pdf.document();
		document.add(Pdfs.line("Invoice " + invoice.printedNumber(), Pdfs.TITLE));
		PdfPTable head = Pdfs.table(1, 2);
		Pdfs.cell(head, "Invoice number", Pdfs.BOLD, false);
		Pdfs.cell(head, invoice.printedNumber(), Pdfs.BODY, false);
		Pdfs.cell(head, "Date of issue", Pdfs.BOLD, false);
		Pdfs.cell(head, invoice.issueDate().toString(), Pdfs.BODY, false);
		Pdfs.cell(head, "Date of supply", Pdfs.BOLD, false);
		ReportRequest supply = ReportRequest.of("vat-invoices", invoice.period(), "pdf");
		Pdfs.cell(head, supply.firstDay() + " to " + supply.endDay().minusDays(1), Pdfs.BODY, false);
		Pdfs.cell(head, "Supplier", Pdfs.BOLD, false);
		Pdfs.cell(head, supplier.name() + ", " + supplier.address() + ", " + supplier.country(), Pdfs.BODY, false);
		Pdfs.cell(head, "Supplier VAT number", Pdfs.BOLD, false);
		Pdfs.cell(head, supplier.vatId(), Pdfs.BODY, false);
		Pdfs.cell(head, "Customer", Pdfs.BOLD, false);
		Pdfs.cell(head, customer.legalName() + ", " + customer.addressLine(), Pdfs.BODY, false);
		Pdfs.cell(head, "Customer VAT number", Pdfs.BOLD, false);
		Pdfs.cell(head, (customer.vatId() != null) ? customer.vatId() : "none (not a taxable person)", Pdfs.BODY,
				false);
		Pdfs.cell(head, "Customer account", Pdfs.BOLD, false);
		Pdfs.cell(head, invoice.payeeAccount(), Pdfs.BODY, false);
		document.add(head);
		PdfPTable lines = Pdfs.table(3, 1, 1, 1);
		Pdfs.cell(lines, "Description", Pdfs.BOLD, false);
		Pdfs.cell(lines, "Taxable amount", Pdfs.BOLD, true);
		Pdfs.cell(lines, "VAT rate", Pdfs.BOLD, true);
		Pdfs.cell(lines, "VAT", Pdfs.BOLD, true);
		Pdfs.cell(lines, "Platform services: commission on sales made through the platform, " + invoice.period(),
				Pdfs.BODY, false);
		Pdfs.cell(lines, Pdfs.money(invoice.taxableCents(), c), Pdfs.BODY, true);
		Pdfs.cell(lines, percent(invoice.rateBps()), Pdfs.BODY, true);
		Pdfs.cell(lines, Pdfs.money(invoice.vatCents(), c), Pdfs.BODY, true);
		document.add(lines);
		PdfPTable totals = Pdfs.table(3, 1);
		Pdfs.cell(totals, "Total taxable amount", Pdfs.BODY, false);
		Pdfs.cell(totals, Pdfs.money(invoice.taxableCents(), c), Pdfs.BODY, true);
		Pdfs.cell(totals, "Total VAT", Pdfs.BODY, false);
		Pdfs.cell(totals, Pdfs.money(invoice.vatCents(), c), Pdfs.BODY, true);
		if (invoice.roundingCents() != 0) {
			Pdfs.cell(totals, "Rounding", Pdfs.BODY, false);
			Pdfs.cell(totals, Pdfs.money(invoice.roundingCents(), c), Pdfs.BODY, true);
		}
		Pdfs.cell(totals, "Total (fees deducted from your sales)", Pdfs.BOLD, false);
		Pdfs.cell(totals, Pdfs.money(invoice.totalCents(), c), Pdfs.BOLD, true);
		Pdfs.cell(totals, "Amount due", Pdfs.BODY, false);
		Pdfs.cell(totals, Pdfs.money(0, c), Pdfs.BODY, true);
		document.add(totals);
		stateVat(document, invoice.stateVat());
		if (invoice.reverseCharge()) {
			document.add(Pdfs.line("Reverse charge: VAT to be accounted for by the customer "
					+ "(Articles 44 and 196 of Council Directive 2006/112/EC).", Pdfs.BOLD));
		}
		document.add(Pdfs.line("The platform fee is VAT-inclusive: the fees deducted from your sales are the total above, "
				+ "VAT included; nothing is left to pay.", Pdfs.SMALL));
		document.close();
	}

	private void renderCreditNote(ReportRequest request, ReportFile file, VatCreditNote note, VatInvoice invoice,
			TaxProfile customer, OutputStream out) {
		ReportsProperties.Supplier supplier = this.properties.supplier();
		String c = note.currency();
		Pdfs.Opened pdf = Pdfs.open(out, request.to(), request.key() + "/" + file.name());
		Document document = pdf.document();
		document.add(Pdfs.line("Credit note " + note.printedNumber(), Pdfs.TITLE));
		PdfPTable head = Pdfs.table(1, 2);
		Pdfs.cell(head, "Credit note number", Pdfs.BOLD, false);
		Pdfs.cell(head, note.printedNumber(), Pdfs.BODY, false);
		Pdfs.cell(head, "Date of issue", Pdfs.BOLD, false);
		Pdfs.cell(head, note.issueDate().toString(), Pdfs.BODY, false);
		Pdfs.cell(head, "Corrects invoice", Pdfs.BOLD, false);
		Pdfs.cell(head, invoice.printedNumber() + " of " + invoice.issueDate(), Pdfs.BODY, false);
		Pdfs.cell(head, "Supplier", Pdfs.BOLD, false);
		Pdfs.cell(head, supplier.name() + ", " + supplier.address() + ", " + supplier.country(), Pdfs.BODY, false);
		Pdfs.cell(head, "Supplier VAT number", Pdfs.BOLD, false);
		Pdfs.cell(head, supplier.vatId(), Pdfs.BODY, false);
		Pdfs.cell(head, "Customer", Pdfs.BOLD, false);
		Pdfs.cell(head, customer.legalName() + ", " + customer.addressLine(), Pdfs.BODY, false);
		Pdfs.cell(head, "Customer VAT number", Pdfs.BOLD, false);
		Pdfs.cell(head, (customer.vatId() != null) ? customer.vatId() : "none (not a taxable person)", Pdfs.BODY,
				false);
		document.add(head);
		PdfPTable lines = Pdfs.table(3, 1, 1, 1);
		Pdfs.cell(lines, "Description", Pdfs.BOLD, false);
		Pdfs.cell(lines, "Taxable amount", Pdfs.BOLD, true);
		Pdfs.cell(lines, "VAT rate", Pdfs.BOLD, true);
		Pdfs.cell(lines, "VAT", Pdfs.BOLD, true);
		Pdfs.cell(lines, "Platform fees given back by refunds of " + note.period() + " (Article 219)", Pdfs.BODY,
				false);
		Pdfs.cell(lines, Pdfs.money(-note.taxableCents(), c), Pdfs.BODY, true);
		Pdfs.cell(lines, percent(note.rateBps()), Pdfs.BODY, true);
		Pdfs.cell(lines, Pdfs.money(-note.vatCents(), c), Pdfs.BODY, true);
		document.add(lines);
		PdfPTable totals = Pdfs.table(3, 1);
		Pdfs.cell(totals, "Total VAT credited", Pdfs.BODY, false);
		Pdfs.cell(totals, Pdfs.money(-note.vatCents(), c), Pdfs.BODY, true);
		if (note.roundingCents() != 0) {
			Pdfs.cell(totals, "Rounding", Pdfs.BODY, false);
			Pdfs.cell(totals, Pdfs.money(-note.roundingCents(), c), Pdfs.BODY, true);
		}
		Pdfs.cell(totals, "Total credited (fees given back to your balance)", Pdfs.BOLD, false);
		Pdfs.cell(totals, Pdfs.money(-note.totalCents(), c), Pdfs.BOLD, true);
		document.add(totals);
		stateVat(document, note.stateVat());
		if (note.reverseCharge()) {
			document.add(Pdfs.line("Reverse charge: VAT to be accounted for by the customer "
					+ "(Articles 44 and 196 of Council Directive 2006/112/EC).", Pdfs.BOLD));
		}
		document.close();
	}

	/** Article 230: the VAT in the currency of the member state where it is due, the rate and its source. */
	private static void stateVat(Document document, VatInvoice.StateVat state) {
		if (state == null) {
			return;
		}
		document.add(Pdfs.line("VAT in " + state.currency().toUpperCase(Locale.ROOT) + " (Article 230): "
				+ Money.format(state.vatCents(), state.currency()) + " at " + state.rate().toPlainString() + " "
				+ state.currency().toUpperCase(Locale.ROOT) + " per unit, " + state.source() + " of " + state.day(),
				Pdfs.BODY));
	}

	/** Basis points as a percentage, e.g. 2550 gives {@code 25.5 %}. */
	static String percent(int bps) {
		String whole = Integer.toString(bps / 100);
		int rest = bps % 100;
		if (rest == 0) {
			return whole + " %";
		}
		return whole + "." + ((rest % 10 == 0) ? Integer.toString(rest / 10) : String.format("%02d", rest)) + " %";
	}

}
