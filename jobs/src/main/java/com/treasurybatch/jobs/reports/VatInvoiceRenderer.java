package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

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

	private final PlatformFees fees;

	private final TaxProfiles profiles;

	private final VatRates rates;

	private final InvoiceNumbers numbers;

	private final ReportsProperties properties;

	private final Alerts alerts;

	VatInvoiceRenderer(PlatformFees fees, TaxProfiles profiles, VatRates rates, InvoiceNumbers numbers,
			ReportsProperties properties, Alerts alerts) {
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
		return charged.stream()
			.filter((fee) -> this.profiles.find(fee.payeeAccount())
				.map((profile) -> this.rates.isMemberState(profile.country()))
				.orElse(false))
			.map((fee) -> new ReportFile("invoice-" + fee.payeeAccount() + "-" + fee.currency() + ".pdf",
					fee.payeeAccount() + "/" + fee.currency(), ReportFile.PDF))
			.toList();
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		String payee = file.subject().substring(0, file.subject().indexOf('/'));
		String currency = file.subject().substring(file.subject().indexOf('/') + 1);
		VatInvoice invoice = this.numbers.find(payee, request.period(), currency)
			.orElseGet(() -> this.numbers.issue(draft(request, payee, currency)));
		render(request, file, invoice, this.profiles.find(payee).orElseThrow(), out);
	}

	private VatInvoice draft(ReportRequest request, String payee, String currency) {
		TaxProfile customer = this.profiles.find(payee)
			.orElseThrow(() -> new IllegalStateException("No tax profile for " + payee));
		long taxable = this.fees.of(payee, request)
			.stream()
			.filter((fee) -> fee.currency().equals(currency))
			.mapToLong(PlatformFees.PayeeFees::feesCents)
			.sum();
		ReportsProperties.Supplier supplier = this.properties.supplier();
		boolean reverseCharge = customer.business() && customer.vatId() != null
				&& !customer.country().equals(supplier.country());
		int rate = reverseCharge ? 0
				: this.rates.rateBps(customer.country(), request.endDay().minusDays(1))
					.orElseThrow(() -> new IllegalStateException("No VAT rate for " + customer.country()));
		return new VatInvoice(supplier.invoicePrefix() + request.endDay().getYear(), 0, payee, request.period(),
				request.endDay(), currency, taxable, rate, reverseCharge ? 0 : VatInvoice.vat(taxable, rate),
				reverseCharge);
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
		Pdfs.cell(head, request.firstDay() + " to " + request.endDay().minusDays(1), Pdfs.BODY, false);
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
		Pdfs.cell(lines, "Platform services: commission on sales made through the platform, " + request.period(),
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
		Pdfs.cell(totals, "Total due", Pdfs.BOLD, false);
		Pdfs.cell(totals, Pdfs.money(invoice.taxableCents() + invoice.vatCents(), c), Pdfs.BOLD, true);
		document.add(totals);
		if (invoice.reverseCharge()) {
			document.add(Pdfs.line("Reverse charge: VAT to be accounted for by the customer "
					+ "(Articles 44 and 196 of Council Directive 2006/112/EC).", Pdfs.BOLD));
		}
		document.add(Pdfs.line("The fees were deducted from your sales; nothing is left to pay.", Pdfs.SMALL));
		document.close();
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
