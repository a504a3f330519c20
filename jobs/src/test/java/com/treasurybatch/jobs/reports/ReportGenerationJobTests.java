package com.treasurybatch.jobs.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
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

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.batch.AsGivenJob;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.privacy.ErasureDesk;
import com.treasurybatch.shared.privacy.ErasureRequest;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.reports.TaxProfile;
import com.treasurybatch.shared.reports.TaxProfiles;
import com.treasurybatch.shared.testing.DatabaseDump;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report-generation job on a real PostgreSQL, on sales, refunds and payouts booked as the other jobs book
 * them. Each test uses its own month and payees; the database and report storage are this class's own.
 */
@SpringBootTest(properties = { "treasury.reports.chunk-size=1",
		"treasury.reports.storage=target/report-tests/${random.uuid}",
		"treasury.reports.link-secret=0123456789abcdef0123456789abcdef-test" })
@PostgresTest
class ReportGenerationJobTests {

	static final Actor FINANCE = new Actor("fin-lea", AuditChannel.CLI);

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
	TransactionTemplate transaction;

	@Autowired
	Reports reports;

	@Autowired
	ReportStorage storage;

	@Autowired
	TaxProfiles profiles;

	@Autowired
	PayeeStatementRenderer statementWriter;

	@Autowired
	EventReportRenderer eventWriter;

	@Autowired
	com.treasurybatch.shared.payouts.Payouts payouts;

	@Autowired
	@Qualifier("gdpr-purge")
	Job purgeJob;

	@Autowired
	ErasureDesk desk;

	@Autowired
	javax.sql.DataSource dataSource;

	JobOperatorTestUtils jobs;

	ReportFixtures fixtures;

	String prefix;

	@BeforeEach
	void setUp(TestInfo test) {
		this.jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		this.jobs.setJob(this.job);
		this.fixtures = new ReportFixtures(this.ledger, this.jdbc, this.transaction);
		this.prefix = "R" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@Test
	void a_ledger_export_parsed_back_is_the_ledger_of_the_month_posting_by_posting() throws Exception {
		String payee = payee("A");
		String other = payee("B");
		this.fixtures.sale(session(1), Instant.parse("2026-03-01T00:00:00Z"), 10_000, "usd", "ticket", "show-1",
				payee);
		this.fixtures.sale(session(2), Instant.parse("2026-03-15T10:00:00Z"), 2_501, "eur", "tip", "tip-1",
				List.of(new com.treasurybatch.shared.sales.Share(payee, 5_000),
						new com.treasurybatch.shared.sales.Share(other, 5_000)));
		this.fixtures.refund(this.prefix + "re1", session(1), Instant.parse("2026-03-31T23:59:59.999999Z"), 500, "usd",
				payee);
		this.fixtures.sale(session(3), Instant.parse("2026-04-01T00:00:00Z"), 7_000, "usd", "ticket", "show-1", payee);

		JobExecution execution = run("ledger-export", "2026-03", "csv");

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StoredReport report = only("ledger-export", "2026-03");
		byte[] bytes = read(report);
		assertThat(report.sizeBytes()).isEqualTo(bytes.length);
		assertThat(report.sha256()).isEqualTo(sha256(bytes));
		assertThat(report.jobExecutionId()).isEqualTo(execution.getId());
		List<String[]> rows;
		try (CSVReader csv = new CSVReader(new InputStreamReader(new java.io.ByteArrayInputStream(bytes),
				StandardCharsets.UTF_8))) {
			rows = csv.readAll();
		}
		assertThat(rows.get(0)).containsExactly(LedgerExportRenderer.HEADER);
		List<String> exported = rows.subList(1, rows.size())
			.stream()
			.map((row) -> String.join("|", row[0], row[1], row[2], row[4], row[5], row[6], row[7], row[8], row[9]))
			.toList();
		List<String> ledgerRows = this.jdbc.query("""
				SELECT j.id, j.kind, j.source_id, j.effective_at, p.id, a.code, p.side, p.amount, p.currency
				FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				WHERE j.effective_at >= '2026-03-01T00:00:00Z' AND j.effective_at < '2026-04-01T00:00:00Z'
				ORDER BY j.id, p.id""",
				(rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant().toString().replace("Z", "")
							.concat(rs.getTimestamp(4).getNanos() == 0 ? ".000000Z" : "Z"),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
		assertThat(exported).hasSize(ledgerRows.size()).isNotEmpty();
		assertThat(exported.stream().map((row) -> row.split("\\|")[0] + row.split("\\|")[4]).toList())
			.isEqualTo(ledgerRows.stream().map((row) -> row.split("\\|")[0] + row.split("\\|")[4]).toList());
		assertThat(exported.stream().map(ReportGenerationJobTests::withoutTime).toList())
			.isEqualTo(ledgerRows.stream().map(ReportGenerationJobTests::withoutTime).toList());
		assertThat(exported).anyMatch((row) -> row.contains("|2026-03-31T23:59:59.999999Z|"))
			.noneMatch((row) -> row.contains("2026-04-01"));
		long debits = rows.stream().skip(1).filter((row) -> row[7].equals("D")).mapToLong((row) -> Long.parseLong(row[8])).sum();
		long credits = rows.stream().skip(1).filter((row) -> row[7].equals("C")).mapToLong((row) -> Long.parseLong(row[8])).sum();
		// two sales in March (their gross, and Stripe's 30-cent fee journal each), one refund
		assertThat(debits).isEqualTo(credits).isEqualTo(10_000 + 30 + 2_501 + 30 + 500);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void the_same_report_twice_is_refused_and_its_json_lines_twin_is_written_once() throws Exception {
		String payee = payee("A");
		this.fixtures.sale(session(1), Instant.parse("2026-02-10T00:00:00Z"), 1_000, "usd", "ticket", "show-2", payee);

		assertThat(run("ledger-export", "2026-02", "jsonl").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StoredReport report = only("ledger-export", "2026-02");
		String text = new String(read(report), StandardCharsets.UTF_8);
		// the sale's three postings (cash, fee revenue, payable) and its Stripe fee journal's two
		assertThat(text.lines()).hasSize(5)
			.allMatch((line) -> line.startsWith("{\"journal_id\":") && line.endsWith("}"))
			.anyMatch((line) -> line.contains("\"account\":\"payable:" + payee + "\"") && line.contains("\"side\":\"C\""));

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> run("ledger-export", "2026-02", "jsonl"))
			.isInstanceOf(org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException.class);
		assertThat(this.reports.list("ledger-export", "2026-02", 10)).hasSize(1);
	}

	@Test
	void a_run_that_fails_on_one_payee_statement_restarts_and_writes_each_statement_once() throws Exception {
		List<String> payees = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String payee = payee("P" + i);
			payees.add(payee);
			this.fixtures.sale(session(i), Instant.parse("2021-01-0" + (i + 1) + "T12:00:00Z"), 10_000 + i, "usd",
					"ticket", "show-3", payee);
		}
		// 2021: before any other test's postings, so the month's payees are these four
		ReportRequest request = ReportRequest.of("payee-statement", "2021-01", "pdf");
		List<String> names = this.statementWriter.plan(request).stream().map(ReportFile::name).toList();
		assertThat(names).hasSize(4);
		ReportFileBlock blocked = ReportFileBlock.block(this.dataSource, names.get(2));

		JobExecution failed = run("payee-statement", "2021-01", "pdf");

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getAllFailureExceptions()).anyMatch((ex) -> causes(ex).contains(names.get(2)));
		// the statements are written in partitions of payees (four here, one payee each): the others are written
		List<StoredReport> firstRun = this.reports.list("payee-statement", "2021-01", 10);
		assertThat(firstRun).extracting(StoredReport::name)
			.containsExactlyInAnyOrder(names.get(0), names.get(1), names.get(3));

		blocked.lift();
		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<StoredReport> all = this.reports.list("payee-statement", "2021-01", 10);
		assertThat(all).extracting(StoredReport::name).containsExactlyInAnyOrderElementsOf(names);
		assertThat(all).filteredOn((report) -> firstRun.stream().anyMatch((first) -> first.id() == report.id()))
			.hasSize(3)
			.allMatch((report) -> report.jobExecutionId() == failed.getId());
		assertThat(all).filteredOn((report) -> report.jobExecutionId() == restarted.getId())
			.extracting(StoredReport::name)
			.containsExactly(names.get(2));
		for (StoredReport report : all) {
			assertThat(sha256(read(report))).isEqualTo(report.sha256());
		}
	}

	@Test
	void a_payee_statement_shows_balances_that_tie_to_the_ledger_and_is_the_same_bytes_when_made_again()
			throws Exception {
		String payee = payee("S");
		this.profiles.upsert(new TaxProfile(payee, "Ada Stage Productions LLC", "1 Main St", null, "Austin", "78701",
				"US", "123456789", null, true), FINANCE);
		this.fixtures.sale(session(1), Instant.parse("2025-11-20T12:00:00Z"), 20_000, "usd", "ticket", "show-4", payee);
		this.fixtures.sale(session(2), Instant.parse("2025-12-02T12:00:00Z"), 50_000, "usd", "ticket", "show-4", payee);
		this.fixtures.refund(this.prefix + "re1", session(2), Instant.parse("2025-12-03T12:00:00Z"), 5_000, "usd",
				payee);
		this.fixtures.payout(this.prefix + "po1", Instant.parse("2025-12-10T12:00:00Z"), 10_000, "usd", payee);

		assertThat(run("payee-statement", "2025-12", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		StoredReport report = this.reports.list("payee-statement", "2025-12", 10)
			.stream()
			.filter((r) -> r.name().contains(payee))
			.findFirst()
			.orElseThrow();
		byte[] bytes = read(report);
		String text = text(bytes).replace(" ", "");
		// opening: 90 % of 200.00; sales: 90 % of 500.00; closing: opening + sales - refund - payout
		assertThat(text).contains("Payeestatement2025-12", payee, "AdaStageProductionsLLC")
			.contains("Openingbalance180.00USD")
			.contains("Sales(afterplatformfees)450.00USD")
			.contains("Refunds-50.00USD")
			.contains("Payouts-100.00USD")
			.contains("Closingbalance480.00USD")
			.contains("Platformfeesdeductedfromthismonth'ssales:50.00USD");
		var balance = this.ledger.balance("payable:" + payee, "usd");
		assertThat(balance.creditsCents() - balance.debitsCents()).isEqualTo(48_000);

		ByteArrayOutputStream again = new ByteArrayOutputStream();
		ReportRequest request = ReportRequest.of("payee-statement", "2025-12", "pdf");
		this.statementWriter.write(request, new ReportFile(report.name(), payee, ReportFile.PDF), report.id(), again);
		assertThat(again.toByteArray()).isEqualTo(bytes);
		assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("/CreationDate(D:20260101000000Z)", "/ModDate(D:20260101000000Z)");
	}

	@Test
	void an_erased_payees_old_statement_still_generates_without_their_name_and_still_ties_to_the_ledger()
			throws Exception {
		String payee = payee("X");
		this.profiles.upsert(new TaxProfile(payee, "Erin Quist Stagecraft LLC", "9 Hidden Lane", null, "Boise",
				"83702", "US", "987654321", null, true), FINANCE);
		this.fixtures.sale(session(1), Instant.parse("2023-04-03T12:00:00Z"), 30_000, "usd", "ticket", "show-7", payee);
		this.fixtures.payout(this.prefix + "po1", Instant.parse("2023-04-20T12:00:00Z"), 10_000, "usd", payee);
		ByteArrayOutputStream before = new ByteArrayOutputStream();
		this.statementWriter.write(ReportRequest.of("payee-statement", "2023-04", "pdf"),
				new ReportFile("statement-" + payee + ".pdf", payee, ReportFile.PDF), 0, before);
		assertThat(text(before.toByteArray()).replace(" ", "")).contains("ErinQuistStagecraftLLC");

		ErasureRequest request = this.desk.request(List.of(), List.of(), List.of(payee), List.of(), FINANCE);
		JobExecution purge = this.jobOperator.start(new AsGivenJob(this.purgeJob),
				new JobParametersBuilder().addLong("run.id", System.nanoTime()).toJobParameters());
		assertThat(purge.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT holder || ' ' || duty FROM personal_data_restrictions"
				+ " WHERE request_id = ? ORDER BY holder", String.class, request.id()))
			.containsExactly("audit_log AUDIT_TRAIL_7_YEARS", "ledger_postings BOOKKEEPING_10_YEARS",
					"payee_tax_profiles TAX_RECORDS_7_YEARS");
		assertThat(this.profiles.find(payee)).as("kept under the tax-records duty").isPresent();
		for (String personal : List.of("987654321", "Erin Quist Stagecraft LLC", "9 Hidden Lane")) {
			assertThat(DatabaseDump.tablesContaining(this.dataSource, personal))
				.as("only in the row kept under its duty")
				.containsExactly("public.payee_tax_profiles");
		}

		// the old month's statement, generated after the erasure
		assertThat(run("payee-statement", "2023-04", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		String text = text(read(statementOf(payee, "2023-04"))).replace(" ", "");
		// sales: 90 % of 300.00; closing: sales less the 100.00 payout
		assertThat(text).contains("Payee:" + payee, "Sales(afterplatformfees)270.00USD", "Payouts-100.00USD",
				"Closingbalance170.00USD")
			.doesNotContain("ErinQuist", "HiddenLane", "Boise", "987654321");
		var balance = this.ledger.balance("payable:" + payee, "usd");
		assertThat(balance.creditsCents() - balance.debitsCents()).isEqualTo(17_000);
	}

	@Test
	void a_payee_statement_lists_every_movement_of_the_month_with_its_running_balance() throws Exception {
		String payee = payee("M");
		// June: a 100.00 sale, 90.00 to the payee (10 % platform fee): the opening balance
		this.fixtures.sale(session(1), Instant.parse("2024-06-25T12:00:00Z"), 10_000, "usd", "ticket", "show-8", payee);
		// July: a 250.00 sale (+225.00), a refund (-40.00), a payout (-200.00), a dispute's reserve (-30.00) and its
		// reversal when won (+30.00), a last refund one second before the month ends (-5.00)
		this.fixtures.sale(session(2), Instant.parse("2024-07-02T10:00:00Z"), 25_000, "usd", "ticket", "show-8", payee);
		this.fixtures.refund(this.prefix + "re1", session(2), Instant.parse("2024-07-05T09:30:00Z"), 4_000, "usd",
				payee);
		this.fixtures.payout(this.prefix + "po1", Instant.parse("2024-07-10T12:00:00Z"), 20_000, "usd", payee);
		long reserve = this.ledger.post(JournalEntry.of("dispute_reserve", "du_" + this.prefix, "dispute reserve",
				Instant.parse("2024-07-12T08:00:00Z"),
				List.of(JournalLine.debit(LedgerAccounts.payable(payee), 3_000, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, 3_000, "usd"))))
			.orElseThrow();
		this.ledger.reverse(reserve, "dispute won", Instant.parse("2024-07-20T16:45:00Z"));
		this.fixtures.refund(this.prefix + "re2", session(2), Instant.parse("2024-07-31T23:59:59Z"), 500, "usd",
				payee);
		// August: not on July's statement
		this.fixtures.sale(session(3), Instant.parse("2024-08-01T00:00:00Z"), 7_000, "usd", "ticket", "show-8", payee);

		assertThat(run("payee-statement", "2024-07", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		byte[] bytes = read(statementOf(payee, "2024-07"));
		String text = text(bytes).replace(" ", "");
		// 90.00 + 225.00 - 45.00 - 200.00 + 0.00 = 70.00
		assertThat(text).contains("Openingbalance90.00USD", "Sales(afterplatformfees)225.00USD", "Refunds-45.00USD",
				"Disputes0.00USD", "Payouts-200.00USD", "Closingbalance70.00USD", "6movementsinUSDfrom2024-07-01to2024-07-31.");
		// date (UTC), kind, Stripe object, amount and balance after it, worked out by hand in cents
		String p = this.prefix;
		List<Movement> july = List.of(new Movement("2024-07-02 10:00:00", "sale", "pi_" + p + "_2", 22_500, 31_500),
				new Movement("2024-07-05 09:30:00", "refund", p + "re1", -4_000, 27_500),
				new Movement("2024-07-10 12:00:00", "payout", p + "po1", -20_000, 7_500),
				new Movement("2024-07-12 08:00:00", "dispute_reserve", "du_" + p, -3_000, 4_500),
				new Movement("2024-07-20 16:45:00", "reversal of dispute_reserve", "journal:" + reserve, 3_000, 7_500),
				new Movement("2024-07-31 23:59:59", "refund", p + "re2", -500, 7_000));
		List<String> rows = new ArrayList<>();
		rows.add("2024-07-01openingbalance90.00");
		july.forEach((m) -> rows.add(m.row()));
		assertThat(movementRows(bytes)).containsExactlyElementsOf(rows);
		// each balance is the one before plus the amount, from the opening 90.00; the last is the closing 70.00
		long balance = 9_000;
		for (Movement m : july) {
			balance += m.cents();
			assertThat(m.balanceCents()).as(m.row()).isEqualTo(balance);
		}
		assertThat(july.get(july.size() - 1).balanceCents()).isEqualTo(7_000);
		assertThat(july.stream().mapToLong(Movement::cents).sum()).isEqualTo(7_000 - 9_000);
		// the ledger has August's sale (63.00 to the payee) too
		assertThat(this.ledger.balance(LedgerAccounts.payable(payee), "usd").balanceCents())
			.isEqualTo(7_000 + 6_300);
	}

	@Test
	void a_busy_payees_statement_pages_through_thousands_of_lines_without_a_gap_or_a_repeat() throws Exception {
		String payee = payee("B");
		// 2,345 transfer reversals on 2024-09-01, line i of i cents, in groups of 100 with the same time (0:00 for
		// 1-99, 1:00 for 100-199, ...), so pages of 1,000 lines end inside a group: the balance after line k is
		// 1 + 2 + ... + k = k(k+1)/2 cents, 27,506.85 after the last
		int count = 2_345;
		List<JournalEntry> reversals = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			reversals.add(JournalEntry.of("transfer_reversal", "trr_" + this.prefix + "_" + i, "transfer reversal",
					Instant.parse("2024-09-01T00:00:00Z").plusSeconds(3_600L * (i / 100)),
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, i, "usd"),
							JournalLine.credit(LedgerAccounts.payable(payee), i, "usd"))));
		}
		this.transaction.executeWithoutResult((status) -> this.ledger.postAll(reversals));

		assertThat(run("payee-statement", "2024-09", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		byte[] bytes = read(statementOf(payee, "2024-09"));
		assertThat(text(bytes).replace(" ", "")).contains("Openingbalance0.00USD", "Payouts27,506.85USD",
				"Closingbalance27,506.85USD", "2345movementsinUSD");
		List<String> expected = new ArrayList<>();
		expected.add("2024-09-01openingbalance0.00");
		for (long k = 1; k <= count; k++) {
			expected.add("2024-09-01" + String.format("%02d", k / 100) + ":00:00transfer_reversaltrr_" + this.prefix
					+ "_" + k + usd(k) + usd(k * (k + 1) / 2));
		}
		assertThat(movementRows(bytes)).containsExactlyElementsOf(expected);
		assertThat(usd(count * (count + 1L) / 2)).isEqualTo("27,506.85");
	}

	StoredReport statementOf(String payee, String period) {
		return this.reports.list("payee-statement", period, 100)
			.stream()
			.filter((r) -> r.name().contains(payee))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void the_payouts_report_lists_the_months_payouts_by_business_date_with_their_status() throws Exception {
		var held = this.payouts.create(payee("H"), java.time.LocalDate.parse("2022-06-30"),
				com.treasurybatch.shared.payouts.PayoutKind.NIGHTLY, 7_000, "usd", List.of("risk: review")).orElseThrow();
		var pending = this.payouts.create(payee("P"), java.time.LocalDate.parse("2022-06-01"),
				com.treasurybatch.shared.payouts.PayoutKind.NIGHTLY, 1_234, "eur", List.of()).orElseThrow();
		this.payouts.create(payee("J"), java.time.LocalDate.parse("2022-07-01"),
				com.treasurybatch.shared.payouts.PayoutKind.NIGHTLY, 99, "usd", List.of()).orElseThrow();

		assertThat(run("payouts", "2022-06", "csv").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<String[]> rows;
		try (CSVReader csv = new CSVReader(new InputStreamReader(
				new java.io.ByteArrayInputStream(read(only("payouts", "2022-06"))), StandardCharsets.UTF_8))) {
			rows = csv.readAll();
		}
		assertThat(rows).hasSize(3);
		assertThat(rows.get(0)).containsExactly(PayoutsReportRenderer.HEADER);
		assertThat(rows.get(1)).startsWith(Long.toString(pending.id()), "2022-06-01", "nightly", payee("P"), "1234",
				"eur", "PENDING");
		assertThat(rows.get(2)).startsWith(Long.toString(held.id()), "2022-06-30", "nightly", payee("H"), "7000",
				"usd", "HELD");
	}

	@Test
	void an_event_report_shows_the_shows_figures_and_is_the_same_bytes_when_made_again() throws Exception {
		String payee = payee("E");
		this.fixtures.sale(session(1), Instant.parse("2022-09-03T20:00:00Z"), 4_000, "usd", "ticket", "show-e-2022",
				payee);
		this.fixtures.sale(session(2), Instant.parse("2022-09-04T20:00:00Z"), 6_000, "usd", "ticket", "show-e-2022",
				payee);
		this.fixtures.refund(this.prefix + "re1", session(2), Instant.parse("2022-09-05T20:00:00Z"), 1_000, "usd",
				payee);

		assertThat(run("event-report", "2022-09", "pdf").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		StoredReport report = only("event-report", "2022-09");
		byte[] bytes = read(report);
		// 10 % platform fee, 30 cents Stripe fee per sale (the platform's cost, not the payees'); the refund was
		// taken from the payee alone, so the fee stays and net payable = gross - refunds - fees
		assertThat(text(bytes).replace(" ", "")).contains("Eventreport:show-e-2022", "Audience(Passportanalytics)",
				"Plays0", "SalesinUSD(ledger)", "Paidorders2", "Grosssales100.00USD", "Refunds10.00USD",
				"Disputes(payees'part,openorlost)0.00USD", "Platformfees(netofrefunds)10.00USD",
				"Netpayabletopayees80.00USD", "Stripefees(bornebytheplatform)0.60USD", "/public/reports/links/");
		ByteArrayOutputStream again = new ByteArrayOutputStream();
		this.eventWriter.write(ReportRequest.of("event-report", "2022-09", "pdf"),
				new ReportFile(report.name(), "show-e-2022", ReportFile.PDF), report.id(), again);
		assertThat(again.toByteArray()).isEqualTo(bytes);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM report_links WHERE report_id = ?", Long.class,
				report.id())).isEqualTo(1);
	}

	@Test
	void a_bad_report_parameter_is_refused_before_anything_runs() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("ledger-export", "2026-13", "csv"))
			.hasMessageContaining("yyyy-MM");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("payee-statement", "2026-01", "csv"))
			.hasMessageContaining("[pdf]");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("tax-forms", "2026", "csv"))
			.hasMessageContaining("Unknown report type");
	}

	JobExecution run(String type, String period, String format) throws Exception {
		return this.jobs.startJob(new JobParametersBuilder().addString("type", type)
			.addString("period", period)
			.addString("format", format)
			.toJobParameters());
	}

	StoredReport only(String type, String period) {
		List<StoredReport> found = this.reports.list(type, period, 10);
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	byte[] read(StoredReport report) throws IOException {
		try (var in = this.storage.open(report)) {
			return in.readAllBytes();
		}
	}

	String payee(String name) {
		return "acct_" + this.prefix + name;
	}

	String session(int n) {
		return "cs_" + this.prefix + "_" + n;
	}

	static String text(byte[] pdf) throws IOException {
		PdfReader reader = new PdfReader(pdf);
		StringBuilder text = new StringBuilder();
		PdfTextExtractor extractor = new PdfTextExtractor(reader);
		for (int page = 1; page <= reader.getNumberOfPages(); page++) {
			text.append(extractor.getTextFromPage(page)).append('\n');
		}
		return text.toString().replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\\n(?=[-0-9])", " ");
	}

	/**
	 * The rows of a statement's movements tables, page by page, each row's cells joined as the PDF's text has them
	 * (spaces removed): the rows are the lines that start with a date.
	 */
	static List<String> movementRows(byte[] pdf) throws IOException {
		PdfReader reader = new PdfReader(pdf);
		PdfTextExtractor extractor = new PdfTextExtractor(reader);
		List<String> rows = new ArrayList<>();
		for (int page = 1; page <= reader.getNumberOfPages(); page++) {
			for (String line : extractor.getTextFromPage(page).split("\n")) {
				String row = line.replace(" ", "");
				if (row.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
					rows.add(row);
				}
			}
		}
		return rows;
	}

	/** A statement's movement row as expected: amounts in cents. */
	record Movement(String at, String kind, String stripeObject, long cents, long balanceCents) {

		/** The row as {@link #movementRows} reads it. */
		String row() {
			return (this.at + this.kind + this.stripeObject + usd(this.cents) + usd(this.balanceCents)).replace(" ", "");
		}

	}

	/** Cents as dollars and cents grouped by thousands, worked out here: {@code 2750685} is {@code 27,506.85}. */
	static String usd(long cents) {
		return ((cents < 0) ? "-" : "")
				+ String.format(java.util.Locale.ROOT, "%,d.%02d", Math.abs(cents) / 100, Math.abs(cents) % 100);
	}

	static String causes(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static String withoutTime(String row) {
		String[] parts = row.split("\\|");
		parts[3] = "";
		return String.join("|", parts);
	}

	static Reader reader(String text) {
		return new StringReader(text);
	}

	static Timestamp at(String instant) {
		return Timestamp.from(Instant.parse(instant));
	}

}
