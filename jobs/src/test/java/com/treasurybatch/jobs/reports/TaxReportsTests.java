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

		assertThat(run("1099-nec", "2025", "jsonl").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		StoredReport data = this.reports.list("1099-nec", "2025", 10).get(0);
		String lines = new String(read(data), StandardCharsets.UTF_8);
		assertThat(lines.lines()).hasSize(1);
		assertThat(lines).contains("\"payee_account\":\"" + paid600 + "\"", "\"box_1_cents\":60000",
				"\"tin\":\"111223333\"");
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

		assertThat(run("vat-invoices", "2026-05", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> invoices = this.reports.list("vat-invoices", "2026-05", 10);
		assertThat(invoices).extracting(StoredReport::name)
			.containsExactlyInAnyOrder("invoice-" + business + "-eur.pdf", "invoice-" + consumer + "-eur.pdf");
		String reverse = text(invoices, business);
		assertThat(reverse).contains("Invoicenumber", "Dateofissue2026-06-01", "Dateofsupply2026-05-01to2026-05-31")
			.contains("SupplierVATnumberIE1234567T", "CustomerVATnumberDE123456789")
			.contains("Platformservices", "100.00EUR", "0%", "TotalVAT0.00EUR", "Reversecharge");
		String french = text(invoices, consumer);
		// fee 10 % of 123.45 = 12.35 (largest remainder), VAT 20 % = 2.47
		assertThat(french).contains("12.35EUR", "20%", "TotalVAT2.47EUR", "Totaldue14.82EUR")
			.doesNotContain("Reversecharge");
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
	void invoice_numbers_stay_gapless_after_a_failed_run_is_restarted() throws Exception {
		List<String> payees = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String payee = eu("G" + i, "IE", null, false);
			payees.add(payee);
			this.fixtures.sale("cs_" + this.prefix + i, Instant.parse("2027-02-0" + (i + 1) + "T10:00:00Z"), 10_000,
					"eur", "ticket", "show-g", payee);
		}
		ReportRequest request = ReportRequest.of("vat-invoices", "2027-02", "pdf");
		List<ReportFile> planned = this.invoiceWriter.plan(request);
		assertThat(planned).hasSize(3);
		Path blocked = this.storage.root().resolve(ReportStorage.relativePath(request, planned.get(1).name()));
		Files.createDirectories(blocked.resolve("in-the-way"));

		JobExecution failed = run("vat-invoices", "2027-02", "pdf");

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.jdbc.queryForObject("SELECT next_number FROM invoice_counters WHERE series = 'TB2027'",
				Long.class)).isEqualTo(2);
		Files.delete(blocked.resolve("in-the-way"));
		Files.delete(blocked);

		assertThat(this.jobOperator.restart(failed).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.jdbc.queryForList("SELECT number FROM vat_invoices WHERE series = 'TB2027' ORDER BY number",
				Long.class)).containsExactly(1L, 2L, 3L);
		assertThat(this.reports.list("vat-invoices", "2027-02", 10)).hasSize(3);
		assertThat(text(this.reports.list("vat-invoices", "2027-02", 10), payees.get(2))).contains("TB2027-000003");
	}

	@Test
	void concurrent_issuers_get_unique_gapless_numbers_even_when_some_roll_back() throws Exception {
		String series = "C" + Integer.toHexString(this.prefix.hashCode()).toUpperCase();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Long> committed = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				for (int i = 0; i < 15; i++) {
					int n = i;
					Long number = this.transaction.execute((status) -> {
						VatInvoice issued = this.numbers.issue(new VatInvoice(series, 0,
								"acct_" + this.prefix + "t" + thread + "i" + n, "2026-01", LocalDate.of(2026, 2, 1),
								"eur", 1_000, 2_300, 230, false));
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
				Long.class, series);
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

	private String text(List<StoredReport> reports, String payee) throws IOException {
		StoredReport report = reports.stream().filter((r) -> r.name().contains(payee)).findFirst().orElseThrow();
		return ReportGenerationJobTests.text(read(report)).replace(" ", "");
	}

}
