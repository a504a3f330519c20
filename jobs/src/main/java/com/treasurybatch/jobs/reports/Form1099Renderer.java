package com.treasurybatch.jobs.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.lowagie.text.Document;
import com.lowagie.text.pdf.PdfPTable;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.TaxProfile;
import com.treasurybatch.shared.reports.TaxProfiles;

/**
 * What the 1099-K and 1099-NEC writers share. Format {@code pdf}: one recipient copy (Copy B) per reportable payee,
 * TIN truncated to its last four digits; {@code csv} or {@code jsonl}: the filer's data file of all reportable
 * forms, full TINs, amounts in cents. Only payees above the tax year's threshold are reported.
 */
abstract class Form1099Renderer implements ReportRenderer {

	/** Format of the IRIS Taxpayer Portal bulk-upload CSV. */
	static final String IRIS = "iris-csv";

	/** Payer and recipient columns of the IRIS CSV, before the form's boxes (see the reports README). */
	static final List<String> IRIS_PARTIES = List.of("Form Type", "Tax Year", "Payer TIN", "Payer Name",
			"Payer Address", "Payer Country", "Recipient TIN Type", "Recipient TIN", "Recipient Name",
			"Recipient Address Line 1", "Recipient Address Line 2", "Recipient City", "Recipient State",
			"Recipient ZIP Code", "Recipient Country", "Account Number");

	static final String[] MONTH_BOXES = { "5a", "5b", "5c", "5d", "5e", "5f", "5g", "5h", "5i", "5j", "5k", "5l" };

	private final TaxProfiles profiles;

	private final ReportsProperties properties;

	Form1099Renderer(TaxProfiles profiles, ReportsProperties properties) {
		this.profiles = profiles;
		this.properties = properties;
	}

	/** Every US payee's figures of the year (or one payee's). */
	abstract List<Form1099> figures(int taxYear, String payee);

	/** Whether a payee's figures must be reported for the year. */
	abstract boolean reportable(int taxYear, Form1099 form);

	/** The form's boxes as label and value lines, for the recipient copy. */
	abstract List<String[]> boxes(Form1099 form);

	/** The data file's amount columns after the payee columns, and their values. */
	abstract String[] dataHeader();

	abstract String[] dataValues(Form1099 form);

	/** The form's box columns of the IRIS CSV (after the payer and recipient columns), and their values. */
	abstract String[] irisHeader();

	abstract String[] irisValues(Form1099 form);

	/** Title of the form, e.g. {@code Form 1099-K Payment Card and Third Party Network Transactions}. */
	abstract String title();

	ReportsProperties properties() {
		return this.properties;
	}

	@Override
	public boolean readsOnly() {
		return true;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		int year = Integer.parseInt(request.period());
		String prefix = type().code() + "-" + year;
		if (IRIS.equals(request.format())) {
			return List.of(new ReportFile(prefix + "-iris.csv", null, ReportFile.CSV));
		}
		if (!"pdf".equals(request.format())) {
			return List.of(new ReportFile(prefix + "." + request.format(), null,
					ReportFile.contentTypeOf(request.format())));
		}
		return reportable(year).stream()
			.map((form) -> new ReportFile(prefix + "-" + form.payeeAccount() + ".pdf", form.payeeAccount(),
					ReportFile.PDF))
			.toList();
	}

	private List<Form1099> reportable(int year) {
		return figures(year, null).stream().filter((form) -> reportable(year, form)).toList();
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		int year = Integer.parseInt(request.period());
		if ("pdf".equals(request.format())) {
			Form1099 form = figures(year, file.subject()).get(0);
			recipientCopy(request, file, form, out);
		}
		else if (IRIS.equals(request.format())) {
			irisFile(year, out);
		}
		else {
			dataFile(request, year, out);
		}
	}

	private void recipientCopy(ReportRequest request, ReportFile file, Form1099 form, OutputStream out) {
		TaxProfile payee = profile(form.payeeAccount());
		ReportsProperties.Supplier filer = this.properties.supplier();
		Pdfs.Opened pdf = Pdfs.open(out, request.to(), request.key() + "/" + file.name());
		Document document = pdf.document();
		document.add(Pdfs.line(title(), Pdfs.TITLE));
		document.add(Pdfs.line("Tax year " + request.period() + " - Copy B For Recipient", Pdfs.BOLD));
		PdfPTable parties = Pdfs.table(1, 2);
		Pdfs.cell(parties, "FILER'S name and address", Pdfs.BOLD, false);
		Pdfs.cell(parties, filer.name() + ", " + filer.address(), Pdfs.BODY, false);
		Pdfs.cell(parties, "RECIPIENT'S name", Pdfs.BOLD, false);
		Pdfs.cell(parties, payee.legalName(), Pdfs.BODY, false);
		Pdfs.cell(parties, "RECIPIENT'S address", Pdfs.BOLD, false);
		Pdfs.cell(parties, payee.addressLine(), Pdfs.BODY, false);
		Pdfs.cell(parties, "RECIPIENT'S TIN", Pdfs.BOLD, false);
		Pdfs.cell(parties, payee.truncatedTin(), Pdfs.BODY, false);
		Pdfs.cell(parties, "Account number", Pdfs.BOLD, false);
		Pdfs.cell(parties, form.payeeAccount(), Pdfs.BODY, false);
		document.add(parties);
		PdfPTable boxes = Pdfs.table(3, 1);
		for (String[] box : boxes(form)) {
			Pdfs.cell(boxes, box[0], Pdfs.BODY, false);
			Pdfs.cell(boxes, box[1], Pdfs.BODY, true);
		}
		document.add(boxes);
		document.add(Pdfs.line("This is important tax information and is being furnished to the IRS.", Pdfs.SMALL));
		document.close();
	}

	private void dataFile(ReportRequest request, int year, OutputStream out) throws IOException {
		List<String> header = new ArrayList<>(List.of("tax_year", "form", "payee_account", "legal_name", "tin",
				"address", "country"));
		header.addAll(List.of(dataHeader()));
		BufferedWriter text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
		ICSVWriter csv = "csv".equals(request.format()) ? new CSVWriter(text, ICSVWriter.DEFAULT_SEPARATOR,
				ICSVWriter.DEFAULT_QUOTE_CHARACTER, ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n") : null;
		if (csv != null) {
			csv.writeNext(header.toArray(String[]::new), false);
		}
		for (Form1099 form : reportable(year)) {
			TaxProfile payee = profile(form.payeeAccount());
			List<String> values = new ArrayList<>(List.of(Integer.toString(year), type().code(), form.payeeAccount(),
					payee.legalName(), (payee.tin() != null) ? payee.tin() : "", payee.addressLine(), payee.country()));
			values.addAll(List.of(dataValues(form)));
			if (csv != null) {
				csv.writeNext(values.toArray(String[]::new), false);
			}
			else {
				StringBuilder line = new StringBuilder("{\"tax_year\":").append(year);
				for (int i = 1; i < header.size(); i++) {
					if (i >= 7) {
						Json.field(line, header.get(i), Long.parseLong(values.get(i)));
					}
					else {
						Json.field(line, header.get(i), values.get(i));
					}
				}
				text.write(line.append("}\n").toString());
			}
		}
		if (csv != null) {
			csv.flush();
		}
		text.flush();
	}

	/**
	 * The filer's data laid out for the IRIS Taxpayer Portal's CSV upload: one row per reportable return, TINs as
	 * nine digits without dashes, amounts in dollars with two decimals.
	 */
	private void irisFile(int year, OutputStream out) throws IOException {
		BufferedWriter text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
		ICSVWriter csv = new CSVWriter(text, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
				ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n");
		List<String> header = new ArrayList<>(IRIS_PARTIES);
		header.addAll(List.of(irisHeader()));
		csv.writeNext(header.toArray(String[]::new), false);
		ReportsProperties.Supplier filer = this.properties.supplier();
		for (Form1099 form : reportable(year)) {
			TaxProfile payee = profile(form.payeeAccount());
			List<String> values = new ArrayList<>(List.of(type().code().toUpperCase(java.util.Locale.ROOT),
					Integer.toString(year), filer.payerTin(), filer.name(), filer.address(), filer.country(),
					payee.business() ? "EIN" : "SSN", (payee.tin() != null) ? payee.tin() : "", payee.legalName(),
					payee.addressLine1(), (payee.addressLine2() != null) ? payee.addressLine2() : "", payee.city(),
					"", (payee.postalCode() != null) ? payee.postalCode() : "", payee.country(), form.payeeAccount()));
			values.addAll(List.of(irisValues(form)));
			csv.writeNext(values.toArray(String[]::new), false);
		}
		csv.flush();
		text.flush();
	}

	/** Cents as dollars with two decimals, no grouping, e.g. {@code 150000} gives {@code 1500.00}. */
	static String dollars(long cents) {
		return com.treasurybatch.shared.ledger.MinorUnits.decimal(cents, "usd");
	}

	private TaxProfile profile(String account) {
		return this.profiles.find(account)
			.orElseThrow(() -> new IllegalStateException("No tax profile for " + account));
	}

	/** US dollars from cents, e.g. {@code $20,000.01}. */
	static String usd(long cents) {
		return "$" + Money.amount(cents, "usd");
	}

}
