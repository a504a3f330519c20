package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.opencsv.CSVReader;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.reports.TaxProfile;
import com.treasurybatch.shared.reports.TaxProfiles;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * 1099-K / 1099-NEC and VAT invoices through the report-generation job, and invoice numbering under concurrency
 * and after a failed run, on a real PostgreSQL. Same context as {@link ReportGenerationJobTests}.
 */
@SpringBootTest(properties = { "treasury.reports.chunk-size=1",
		"treasury.reports.storage=target/report-tests/${random.uuid}",
		"treasury.reports.link-secret=0123456789abcdef0123456789abcdef-test" })
@PostgresTest
class TaxReportsTests {

	/** Invoices are dated the day they are issued: the tests set that day (never earlier than a series' last). */
	@Autowired
	MutableClock clock;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier(ReportGenerationJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Alerts alerts;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Reports reports;

	@Autowired
	ReportStorage storage;

	@Autowired
	TaxProfiles profiles;

	@Autowired
	InvoiceNumbers numbers;

	@Autowired
	VatInvoiceRenderer invoiceWriter;

	@Autowired
	AuditLog audit;

	JobOperatorTestUtils jobs;

	ReportFixtures fixtures;

	String prefix;

	@BeforeEach
	void setUp(TestInfo test) {
		this.jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		this.jobs.setJob(this.job);
		this.fixtures = new ReportFixtures(this.ledger, this.jdbc, this.transaction);
		this.prefix = "T" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@Test
	void form_1099k_reports_the_payee_over_both_thresholds_with_boxes_1a_3_and_5_and_a_truncated_tin()
			throws Exception {
		String over = us("Over", "123456789");
		String atCount = us("AtCount", "987654321");
		String notUs = this.prefix + "De";
		String deAccount = "acct_" + notUs;
		this.profiles.upsert(new TaxProfile(deAccount, "Berlin Bühne GmbH", "Hauptstr. 1", null, "Berlin", "10115", "DE",
				null, "DE123456789", true), ReportGenerationJobTests.FINANCE);
		// over: 201 ticket sales of $100.00 (gross $20,100.00), January and February; atCount: 200 sales of $150.00
		for (int i = 0; i < 201; i++) {
			this.fixtures.sale("cs_" + this.prefix + "o" + i,
					Instant.parse((i < 150 ? "2024-01-15" : "2024-02-15") + "T12:00:00Z"), 10_000, "usd", "ticket",
					"show-k", over);
		}
		for (int i = 0; i < 200; i++) {
			this.fixtures.sale("cs_" + this.prefix + "c" + i, Instant.parse("2024-03-15T12:00:00Z"), 15_000, "usd",
					"ticket", "show-k", atCount);
			this.fixtures.sale("cs_" + this.prefix + "d" + i, Instant.parse("2024-03-15T12:00:00Z"), 15_000, "usd",
					"ticket", "show-k", deAccount);
		}
		this.fixtures.refund(this.prefix + "re1", "cs_" + this.prefix + "o0", Instant.parse("2024-03-01T00:00:00Z"),
				10_000, "usd", over);

		assertThat(run("1099-k", "2024", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run("1099-k", "2024", "csv").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> copies = this.reports.list("1099-k", "2024", 100)
			.stream()
			.filter((report) -> report.format().equals("pdf"))
			.toList();
		assertThat(copies).extracting(StoredReport::name).containsExactly("1099-k-2024-" + over + ".pdf");
		String text = ReportGenerationJobTests.text(read(copies.get(0))).replace(" ", "");
		assertThat(text).contains("Form1099-K", "Taxyear2024", "CopyBForRecipient")
			.contains("1aGrossamountofpaymentcard/thirdpartynetworktransactions$20,100.00")
			.contains("3Numberofpaymenttransactions201")
			.contains("5aJanuary$15,000.00", "5bFebruary$5,100.00", "5cMarch$0.00", "5lDecember$0.00")
			.contains("***-**-6789")
			.doesNotContain("123456789");

		StoredReport data = this.reports.list("1099-k", "2024", 100)
			.stream()
			.filter((report) -> report.format().equals("csv"))
			.findFirst()
			.orElseThrow();
		List<String[]> rows;
		try (CSVReader csv = new CSVReader(new InputStreamReader(this.storage.open(data.path()), StandardCharsets.UTF_8))) {
			rows = csv.readAll();
		}
		assertThat(rows).hasSize(2);
		assertThat(rows.get(1)).startsWith("2024", "1099-k", over, "Over Tours Inc", "123456789");
		assertThat(rows.get(1)[7]).isEqualTo("2010000");
		assertThat(rows.get(1)[8]).isEqualTo("201");
	}

	@Test
	void a_split_sale_counts_its_gross_for_each_payee_in_proportion_to_their_share() throws Exception {
		String host = us("Host", "222334444");
		String artist = us("Artist", "555667777");
		// 250 sales of $100.00 split 60/40: box 1a $15,000.00 for the host (not reported: not over $20,000),
		// $10,000.00 for the artist; each counts 250 transactions
		for (int i = 0; i < 250; i++) {
			this.fixtures.sale("cs_" + this.prefix + i, Instant.parse("2026-07-04T12:00:00Z"), 10_000, "usd", "ticket",
					"show-split", List.of(new com.treasurybatch.shared.sales.Share(host, 6_000),
							new com.treasurybatch.shared.sales.Share(artist, 4_000)));
		}
		Form1099Amounts amounts = new Form1099Amounts(this.jdbc);

		Form1099 hostForm = amounts.form1099k(2026, host).get(0);
		Form1099 artistForm = amounts.form1099k(2026, artist).get(0);

		assertThat(hostForm.totalCents()).isEqualTo(1_500_000);
		assertThat(hostForm.transactions()).isEqualTo(250);
		assertThat(hostForm.monthlyCents()[6]).isEqualTo(1_500_000);
		assertThat(artistForm.totalCents()).isEqualTo(1_000_000);
		assertThat(amounts.form1099k(2026, null)).filteredOn((form) -> form.payeeAccount().equals(host))
			.singleElement()
			.extracting(Form1099::totalCents)
			.isEqualTo(1_500_000L);
	}

	@Test
	void form_1099nec_reports_brand_offer_payments_from_the_years_threshold() throws Exception {
		String paid600 = us("Six", "111223333");
		String paid599 = us("Five", "444556666");
		// a brand offer of $666.67 credits 90 %: $600.00; another of $665.55 credits $598.99 (+ 1 cent rounding)
		this.fixtures.sale("cs_" + this.prefix + "b1", Instant.parse("2025-06-01T00:00:00Z"), 66_667, "usd",
				"brand_offer", "offer-1", paid600);
		this.fixtures.sale("cs_" + this.prefix + "b2", Instant.parse("2025-06-01T00:00:00Z"), 66_554, "usd",
				"brand_offer", "offer-2", paid599);
		// both paid out the next day: the 1099-NEC counts payments made
		this.fixtures.payout("payout:" + this.prefix + "b1", Instant.parse("2025-06-02T02:00:00Z"), 60_000, "usd",
				paid600);
		this.fixtures.payout("payout:" + this.prefix + "b2", Instant.parse("2025-06-02T02:00:00Z"), 59_899, "usd",
				paid599);

		assertThat(run("1099-nec", "2025", "jsonl").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		StoredReport data = this.reports.list("1099-nec", "2025", 10).get(0);
		String lines = new String(read(data), StandardCharsets.UTF_8);
		assertThat(lines.lines()).hasSize(1);
		assertThat(lines).contains("\"payee_account\":\"" + paid600 + "\"", "\"box_1_cents\":60000",
				"\"tin\":\"111223333\"");
	}

	@Test
	void form_1099nec_counts_a_payment_in_the_year_it_was_paid_and_applies_that_years_2000_threshold()
			throws Exception {
		String late = us("Late", "321654987");
		String over = us("Over2k", "789456123");
		// credited 2025-12-30: a brand offer of $1,666.67, fee 10 % = 166.667 -> $166.67, credited $1,500.00;
		// paid on 2026-01-02, so it is a 2026 payment, under 2026's $2,000 threshold: no form in either year
		this.fixtures.sale("cs_" + this.prefix + "l", Instant.parse("2025-12-30T15:00:00Z"), 166_667, "usd",
				"brand_offer", "offer-l", late);
		this.fixtures.payout("payout:" + this.prefix + "l", Instant.parse("2026-01-02T02:00:00Z"), 150_000, "usd",
				late);
		// $2,500.00 offer, credited $2,250.00 and paid in February 2026: reported
		this.fixtures.sale("cs_" + this.prefix + "o", Instant.parse("2026-02-01T15:00:00Z"), 250_000, "usd",
				"brand_offer", "offer-o", over);
		this.fixtures.payout("payout:" + this.prefix + "o", Instant.parse("2026-02-03T02:00:00Z"), 225_000, "usd",
				over);
		NecPayments payments = new NecPayments(this.jdbc);

		assertThat(payments.form1099nec(2025, late)).isEmpty();
		Form1099 paid2026 = payments.form1099nec(2026, late).get(0);
		assertThat(paid2026.totalCents()).isEqualTo(150_000);
		assertThat(paid2026.monthlyCents()[0]).isEqualTo(150_000);

		assertThat(run("1099-nec", "2026", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run("1099-nec", "2026", "iris-csv").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> copies = this.reports.list("1099-nec", "2026", 100)
			.stream()
			.filter((report) -> report.format().equals("pdf"))
			.toList();
		assertThat(copies).extracting(StoredReport::name)
			.contains("1099-nec-2026-" + over + ".pdf")
			.doesNotContain("1099-nec-2026-" + late + ".pdf");
		String copy = ReportGenerationJobTests.text(read(copies.stream()
			.filter((r) -> r.name().contains(over))
			.findFirst()
			.orElseThrow())).replace(" ", "");
		assertThat(copy).contains("Form1099-NEC", "Taxyear2026", "1Nonemployeecompensation$2,250.00", "***-**-6123");
		StoredReport iris = this.reports.list("1099-nec", "2026", 100)
			.stream()
			.filter((report) -> report.format().equals("iris-csv"))
			.findFirst()
			.orElseThrow();
		assertThat(iris.name()).isEqualTo("1099-nec-2026-iris.csv");
		List<String[]> rows;
		try (CSVReader csv = new CSVReader(new InputStreamReader(this.storage.open(iris.path()), StandardCharsets.UTF_8))) {
			rows = csv.readAll();
		}
		assertThat(rows.get(0)).startsWith("Form Type", "Tax Year", "Payer TIN", "Payer Name")
			.endsWith("Account Number", "Box 1 Nonemployee compensation", "Box 4 Federal income tax withheld");
		assertThat(rows).filteredOn((row) -> row[15].equals(over))
			.singleElement()
			.satisfies((row) -> assertThat(row).startsWith("1099-NEC", "2026")
				.contains("EIN", "789456123", "Over2k Tours Inc", "1 Main St", "Austin", "78701", "US")
				.endsWith("2250.00", "0.00"));
		assertThat(rows).noneMatch((row) -> row[15].equals(late));
	}

	@Test
	void form_1099nec_leaves_out_what_was_refunded_before_payment_and_converts_at_stripes_rate() throws Exception {
		String refunded = us("Refunded", "147258369");
		String euro = us("Euro", "963852741");
		// $3,000.00 offer credits $2,700.00; $700.00 of it refunded before the payout; $2,000.00 paid: reported
		this.fixtures.sale("cs_" + this.prefix + "r", Instant.parse("2026-03-01T15:00:00Z"), 300_000, "usd",
				"brand_offer", "offer-r", refunded);
		this.fixtures.refund("re_" + this.prefix + "r", "cs_" + this.prefix + "r", Instant.parse("2026-03-05T10:00:00Z"),
				70_000, "usd", refunded);
		this.fixtures.payout("payout:" + this.prefix + "r", Instant.parse("2026-03-10T02:00:00Z"), 200_000, "usd",
				refunded);
		// EUR 2,000.00 offer credits EUR 1,800.00; Stripe settled the charge in USD at 1.1 (balance transaction
		// exchange_rate): 180000 x 1.1 = 198000 -> $1,980.00, paid in USD
		this.fixtures.sale("cs_" + this.prefix + "e", Instant.parse("2026-04-01T15:00:00Z"), 200_000, "eur",
				"brand_offer", "offer-e", euro);
		this.jdbc.update("""
				UPDATE reconciliation_stripe_rows SET currency = 'usd', source_currency = 'eur', exchange_rate = 1.1,
				    amount = 220000 WHERE payment_intent = ?""", "pi_" + this.prefix + "e");
		this.fixtures.payout("payout:" + this.prefix + "e", Instant.parse("2026-04-05T02:00:00Z"), 198_000, "usd",
				euro);
		NecPayments payments = new NecPayments(this.jdbc);

		Form1099 refundedForm = payments.form1099nec(2026, refunded).get(0);
		assertThat(refundedForm.totalCents()).isEqualTo(200_000);
		assertThat(refundedForm.monthlyCents()[2]).isEqualTo(200_000);
		Form1099 euroForm = payments.form1099nec(2026, euro).get(0);
		assertThat(euroForm.totalCents()).isEqualTo(198_000);
		assertThat(euroForm.monthlyCents()[3]).isEqualTo(198_000);
	}

	@Test
	void vat_invoices_carry_article_226_fields_reverse_charge_for_eu_businesses_and_the_customer_rate_otherwise()
			throws Exception {
		String business = eu("Biz", "DE", "DE123456789", true);
		String consumer = eu("Fan", "FR", null, false);
		String american = us("Us", "123456780");
		String unknown = "acct_" + this.prefix + "NoProfile";
		this.fixtures.sale("cs_" + this.prefix + "1", Instant.parse("2026-05-05T10:00:00Z"), 100_000, "eur", "ticket",
				"show-v", business);
		this.fixtures.sale("cs_" + this.prefix + "4", Instant.parse("2026-05-07T10:00:00Z"), 5_000, "eur", "tip",
				"tip-v", unknown);
		this.fixtures.sale("cs_" + this.prefix + "2", Instant.parse("2026-05-06T10:00:00Z"), 12_345, "eur", "tip",
				"tip-v", consumer);
		this.fixtures.sale("cs_" + this.prefix + "3", Instant.parse("2026-05-06T10:00:00Z"), 12_345, "usd", "tip",
				"tip-v", american);

		this.clock.set(Instant.parse("2026-06-04T08:00:00Z"));
		assertThat(run("vat-invoices", "2026-05", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> invoices = this.reports.list("vat-invoices", "2026-05", 10);
		assertThat(invoices).extracting(StoredReport::name)
			.containsExactlyInAnyOrder("invoice-" + business + "-eur.pdf", "invoice-" + consumer + "-eur.pdf",
					"einvoice-" + business + "-eur.pdf", "einvoice-" + consumer + "-eur.pdf");
		String reverse = text(invoices, "invoice-" + business);
		// issued on 2026-06-04, the day the month was invoiced (not backdated to the 1st)
		assertThat(reverse).contains("Invoicenumber", "Dateofissue2026-06-04", "Dateofsupply2026-05-01to2026-05-31")
			.contains("SupplierVATnumberIE1234567T", "CustomerVATnumberDE123456789")
			.contains("Platformservices", "100.00EUR", "0%", "TotalVAT0.00EUR", "Reversecharge");
		String french = text(invoices, "invoice-" + consumer);
		// fee 10 % of 123.45 = 12.35 (largest remainder), VAT-inclusive at 20 %: taxable 1235 x 10000 / 12000 =
		// 1029.17 -> 10.29, VAT 1029 x 20 % = 205.8 -> 2.06, total 12.35 = the fee deducted
		assertThat(french).contains("10.29EUR", "20%", "TotalVAT2.06EUR", "Total(feesdeductedfromyoursales)12.35EUR",
				"Amountdue0.00EUR").doesNotContain("Reversecharge");
		List<Long> numbers = this.jdbc.queryForList(
				"SELECT number FROM vat_invoices WHERE period = '2026-05' AND payee_account IN (?, ?) ORDER BY number",
				Long.class, business, consumer);
		assertThat(numbers).hasSize(2);
		assertThat(numbers.get(1)).isEqualTo(numbers.get(0) + 1);
		// the payee without a tax profile gets no invoice, and finance is told so
		Alert missing = this.alerts.find("vat_invoice_no_tax_profile:2026-05:" + unknown + ":eur");
		assertThat(missing).isNotNull();
		assertThat(missing.severity()).isEqualTo(Severity.WARNING);
		assertThat(missing.message()).contains(unknown, "5.00", "2026-05", "no VAT invoice");
	}

	@Test
	void a_refund_gives_fees_back_by_a_credit_note_naming_the_invoice_and_the_ledger_vat_equals_the_documents()
			throws Exception {
		String polish = eu("Pl", "PL", null, false);
		// the PLN rate finance loaded for the month's end (a test figure, not a published rate)
		this.jdbc.update("""
				INSERT INTO reference_exchange_rates (day, currency, per_euro, source)
				VALUES ('2026-03-31', 'pln', 4.25, 'ECB euro foreign exchange reference rates (test figure)')
				ON CONFLICT DO NOTHING""");
		this.fixtures.sale("cs_" + this.prefix + "s", Instant.parse("2026-03-10T10:00:00Z"), 20_000, "eur", "ticket",
				"show-r", polish);
		// a refund of 50.00 of it gives back 5.00 of the platform fee and 45.00 of the payee's share
		this.fixtures.refundWithFee("re_" + this.prefix, "cs_" + this.prefix + "s",
				Instant.parse("2026-03-20T10:00:00Z"), 500, 4_500, "eur", polish);
		// March invoiced late, on 2026-06-04: dated that day, not backdated
		this.clock.set(Instant.parse("2026-06-04T07:00:00Z"));

		assertThat(run("vat-invoices", "2026-03", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> files = this.reports.list("vat-invoices", "2026-03", 20);
		assertThat(files).extracting(StoredReport::name)
			.contains("invoice-" + polish + "-eur.pdf", "einvoice-" + polish + "-eur.pdf",
					"creditnote-" + polish + "-eur-2026-03.pdf", "ecreditnote-" + polish + "-eur-2026-03.pdf");
		VatInvoice invoice = this.numbers.find(polish, "2026-03", "eur").orElseThrow();
		// fee 10 % of 200.00 = 20.00, VAT-inclusive at 23 %: taxable 2000 x 10000 / 12300 = 1626.02 -> 16.26,
		// VAT 1626 x 23 % = 373.98 -> 3.74, rounding 0; in PLN at 4.25: 374 x 4.25 = 1589.5 -> 15.90 PLN
		assertThat(invoice.taxableCents()).isEqualTo(1_626);
		assertThat(invoice.vatCents()).isEqualTo(374);
		assertThat(invoice.issueDate()).isEqualTo(LocalDate.of(2026, 6, 4));
		assertThat(text(files, "invoice-" + polish)).contains("16.26EUR", "23%", "TotalVAT3.74EUR",
				"Total(feesdeductedfromyoursales)20.00EUR", "VATinPLN(Article230):15.90PLNat4.250000",
				"ECBeuroforeignexchangereferencerates(testfigure)of2026-03-31");
		// credit note: 5.00 given back, taxable 500 x 10000 / 12300 = 406.50 -> 4.07, VAT 407 x 23 % = 93.61 ->
		// 0.94, rounding 500 - 407 - 94 = -0.01 (BT-114); 94 x 4.25 = 399.5 -> 4.00 PLN; its own series TBCN2026,
		// naming the invoice
		String note = text(files, "creditnote-" + polish);
		assertThat(note).contains("CreditnoteTBCN2026-", "Correctsinvoice" + invoice.printedNumber() + "of2026-06-04",
				"-4.07EUR", "23%", "TotalVATcredited-0.94EUR", "Rounding0.01EUR",
				"Totalcredited(feesgivenbacktoyourbalance)-5.00EUR", "VATinPLN(Article230):4.00PLN");
		VatCreditNote issuedNote = this.numbers.creditNote(invoice.id(), "2026-03").orElseThrow();
		assertThat(issuedNote.vatCents()).isEqualTo(94);
		assertThat(issuedNote.roundingCents()).isEqualTo(-1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM vat_credit_notes WHERE invoice_id = ?", Long.class,
				invoice.id())).isEqualTo(1);

		// the e-invoices: EN 16931 Factur-X, Mustang's validator finds no error
		for (String name : List.of("einvoice-" + polish + "-eur.pdf", "ecreditnote-" + polish + "-eur-2026-03.pdf")) {
			StoredReport einvoice = files.stream().filter((f) -> f.name().equals(name)).findFirst().orElseThrow();
			org.mustangproject.validator.ZUGFeRDValidator validator = new org.mustangproject.validator.ZUGFeRDValidator();
			String report = validator.validate(read(einvoice), name);
			assertThat(report).as(name + ": " + report).doesNotContain("<error");
			assertThat(validator.wasCompletelyValid()).as(report).isTrue();
		}
		// and they say what the PDFs say: the invoice's VAT 3.74; the credit note (381) names the invoice, VAT 0.94,
		// rounding -0.01, nothing due
		String invoiceXml = embeddedXml(files, "einvoice-" + polish);
		assertThat(invoiceXml).contains("<ram:ID>" + invoice.printedNumber() + "</ram:ID>", "<ram:TypeCode>380<",
				">3.74</ram:TaxTotalAmount>", ">0.00</ram:DuePayableAmount>");
		String noteXml = embeddedXml(files, "ecreditnote-" + polish);
		assertThat(noteXml).contains("<ram:TypeCode>381<", ">0.94</ram:TaxTotalAmount>", ">-0.01</ram:RoundingAmount>",
				">0.00</ram:DuePayableAmount>")
			.containsPattern("InvoiceReferencedDocument>\\s*<ram:IssuerAssignedID>" + invoice.printedNumber());

		// the ledger's VAT account holds exactly the documents' VAT, to the cent (invoices less credit notes)
		long documents = this.jdbc.queryForObject("""
				SELECT (SELECT coalesce(sum(vat_cents), 0) FROM vat_invoices WHERE currency = 'eur')
				     - (SELECT coalesce(sum(vat_cents), 0) FROM vat_credit_notes WHERE currency = 'eur')""", Long.class);
		assertThat(this.ledger.balance("platform:vat_payable", "eur").balanceCents()).isEqualTo(documents);
	}

	@Test
	void the_database_refuses_an_invoice_dated_before_the_last_of_its_series() {
		String series = "B" + Integer.toHexString(this.prefix.hashCode()).toUpperCase() + "-";
		this.clock.set(Instant.parse("2026-06-04T08:00:00Z"));
		this.transaction.executeWithoutResult((status) -> this.numbers.issue(new VatInvoice(0, series, 0,
				"acct_" + this.prefix + "A", "2026-05", null, "eur", 1_000, 2_000, 200, 0, false, null, null, null,
				null, null)));
		this.clock.set(Instant.parse("2026-06-03T08:00:00Z"));

		assertThatExceptionOfType(org.springframework.dao.DataAccessException.class)
			.isThrownBy(() -> this.transaction.executeWithoutResult((status) -> this.numbers.issue(new VatInvoice(0,
					series, 0, "acct_" + this.prefix + "B", "2026-05", null, "eur", 1_000, 2_000, 200, 0, false, null,
					null, null, null, null))))
			.withMessageContaining("before the series' last document");
		assertThat(this.jdbc.queryForList("SELECT number FROM vat_invoices WHERE series = ?", Long.class,
				series + "2026")).containsExactly(1L);
	}

	@Test
	void invoice_numbers_stay_gapless_after_a_failed_run_is_restarted() throws Exception {
		List<String> payees = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String payee = eu("G" + i, "IE", null, false);
			payees.add(payee);
			this.fixtures.sale("cs_" + this.prefix + i, Instant.parse("2025-02-0" + (i + 1) + "T10:00:00Z"), 10_000,
					"eur", "ticket", "show-g", payee);
		}
		// February 2025 invoiced late, on 2025-12-30 (the series is the year of issue, TB2025)
		this.clock.set(Instant.parse("2025-12-30T10:00:00Z"));
		ReportRequest request = ReportRequest.of("vat-invoices", "2025-02", "pdf");
		List<ReportFile> planned = this.invoiceWriter.plan(request);
		assertThat(planned).hasSize(6);
		Path blocked = this.storage.root().resolve(ReportStorage.relativePath(request, planned.get(2).name()));
		Files.createDirectories(blocked.resolve("in-the-way"));

		JobExecution failed = run("vat-invoices", "2025-02", "pdf");

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.jdbc.queryForObject("SELECT next_number FROM invoice_counters WHERE series = 'TB2025'",
				Long.class)).isEqualTo(2);
		Files.delete(blocked.resolve("in-the-way"));
		Files.delete(blocked);

		assertThat(this.jobOperator.restart(failed).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.jdbc.queryForList("SELECT number FROM vat_invoices WHERE series = 'TB2025' ORDER BY number",
				Long.class)).containsExactly(1L, 2L, 3L);
		assertThat(this.reports.list("vat-invoices", "2025-02", 10)).hasSize(6);
		assertThat(text(this.reports.list("vat-invoices", "2025-02", 10), "invoice-" + payees.get(2)))
			.contains("TB2025-000003", "Dateofissue2025-12-30");
	}

	@Test
	void concurrent_issuers_get_unique_gapless_numbers_even_when_some_roll_back() throws Exception {
		String series = "C" + Integer.toHexString(this.prefix.hashCode()).toUpperCase() + "-";
		this.clock.set(Instant.parse("2026-06-04T08:00:00Z"));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Long> committed = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				for (int i = 0; i < 15; i++) {
					int n = i;
					Long number = this.transaction.execute((status) -> {
						VatInvoice issued = this.numbers.issue(new VatInvoice(0, series, 0,
								"acct_" + this.prefix + "t" + thread + "i" + n, "2026-01", null, "eur", 813, 2_300,
								187, 0, false, null, null, null, null, null));
						if (n % 4 == 3) {
							status.setRollbackOnly();
							return null;
						}
						return issued.number();
					});
					if (number != null) {
						committed.add(number);
					}
				}
			}));
		}
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		List<Long> stored = this.jdbc.queryForList("SELECT number FROM vat_invoices WHERE series = ? ORDER BY number",
				Long.class, series + "2026");
		assertThat(stored).hasSize(8 * 12);
		for (int i = 0; i < stored.size(); i++) {
			assertThat(stored.get(i)).isEqualTo(i + 1L);
		}
		assertThat(committed).containsExactlyInAnyOrderElementsOf(stored);
	}

	@Test
	void a_tax_profile_file_loads_audited_and_a_bad_row_loads_nothing() throws IOException {
		String good = "acct_" + this.prefix + "L1";
		String csv = String.join("\r\n", String.join(",", TaxProfiles.COLUMNS),
				good + ",\"Lumen Live, Inc.\",5 Ave,,New York,10001,us,123-45-6789,,true", "");
		assertThat(this.profiles.load(new StringReader(csv), ReportGenerationJobTests.FINANCE)).hasSize(1);
		assertThat(this.profiles.find(good)).hasValueSatisfying((profile) -> {
			assertThat(profile.legalName()).isEqualTo("Lumen Live, Inc.");
			assertThat(profile.country()).isEqualTo("US");
			assertThat(profile.truncatedTin()).isEqualTo("***-**-6789");
		});
		assertThat(this.audit.page(new AuditQuery(null, "tax-profile.upsert", good, 10))).hasSize(1)
			.allSatisfy((entry) -> assertThat(entry.toString()).doesNotContain("6789", "Lumen"));

		String bad = "acct_" + this.prefix + "L2";
		String badCsv = String.join("\r\n", String.join(",", TaxProfiles.COLUMNS),
				bad + ",Ok Name,1 Road,,Town,,US,,,false", "acct_" + this.prefix + "L3,Bad Tin,1 Road,,Town,,US,12,,false");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.profiles.load(new StringReader(badCsv), ReportGenerationJobTests.FINANCE))
			.withMessageContaining("Row 3")
			.withMessageContaining("tin");
		assertThat(this.profiles.find(bad)).isEmpty();
	}

	private String us(String name, String tin) {
		String account = "acct_" + this.prefix + name;
		this.profiles.upsert(new TaxProfile(account, name + " Tours Inc", "1 Main St", null, "Austin", "78701", "US",
				tin, null, true), ReportGenerationJobTests.FINANCE);
		return account;
	}

	private String eu(String name, String country, String vatId, boolean business) {
		String account = "acct_" + this.prefix + name;
		this.profiles.upsert(new TaxProfile(account, name + " Events", "2 Rue", null, "Town", "1000", country, null,
				vatId, business), ReportGenerationJobTests.FINANCE);
		return account;
	}

	private JobExecution run(String type, String period, String format) throws Exception {
		return this.jobs.startJob(new JobParametersBuilder().addString("type", type)
			.addString("period", period)
			.addString("format", format)
			.toJobParameters());
	}

	private byte[] read(StoredReport report) throws IOException {
		try (var in = this.storage.open(report.path())) {
			return in.readAllBytes();
		}
	}

	private String embeddedXml(List<StoredReport> reports, String name) throws IOException {
		StoredReport report = reports.stream().filter((r) -> r.name().startsWith(name)).findFirst().orElseThrow();
		try (var in = new java.io.ByteArrayInputStream(read(report))) {
			return new String(new org.mustangproject.ZUGFeRD.ZUGFeRDImporter(in).getRawXML(), StandardCharsets.UTF_8);
		}
	}

	private String text(List<StoredReport> reports, String name) throws IOException {
		StoredReport report = reports.stream().filter((r) -> r.name().startsWith(name)).findFirst().orElseThrow();
		return ReportGenerationJobTests.text(read(report)).replace(" ", "");
	}

}
