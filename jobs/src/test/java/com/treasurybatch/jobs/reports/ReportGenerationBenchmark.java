package com.treasurybatch.jobs.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;

import javax.sql.DataSource;

import com.lowagie.text.Document;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report-generation against the simplest fast way to the same files, in the same run:
 * <ul>
 * <li>{@code ledger-export} of {@code bench.postings} postings (default 1,000,000) to CSV against PostgreSQL's own
 * {@code COPY (the same query) TO STDOUT WITH (FORMAT csv, HEADER)} through pgJDBC's CopyManager (what
 * {@code psql \copy} does), both to a file; target ratio (copy time / export time) at least 0.5 with the JVM at
 * {@code -Xmx256m};</li>
 * <li>{@code payee-statement} PDFs for {@code bench.payees} payees (default 10,000) against one aggregate query for
 * all payees and a bare OpenPDF file per payee (no per-file transaction, record or fsync).</li>
 * </ul>
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=ReportGenerationBenchmark -DargLine=-Xmx256m
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@SpringBootTest(properties = { "treasury.reports.storage=target/report-bench/${random.uuid}",
		"treasury.reports.link-secret=benchmark-secret-0123456789abcdefghij", "treasury.reports.chunk-size=100" })
@PostgresTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportGenerationBenchmark {

	static final int POSTINGS = Integer.getInteger("bench.postings", 1_000_000);

	static final int PAYEES = Integer.getInteger("bench.payees", 10_000);

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(ReportGenerationJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	Reports reports;

	@Autowired
	ReportStorage storage;

	@Test
	@Order(1)
	void ledger_export_against_copy_of_the_same_query() throws Exception {
		long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
		seedLedger();
		ReportRequest request = ReportRequest.of("ledger-export", "2031-01", "csv");

		Duration copyBefore = copy(request);
		long start = System.nanoTime();
		JobExecution execution = this.jobOperator.start(this.job, new JobParametersBuilder()
			.addString("type", "ledger-export")
			.addString("period", "2031-01")
			.addString("format", "csv")
			.toJobParameters());
		Duration export = Duration.ofNanos(System.nanoTime() - start);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Duration copyAfter = copy(request);
		Duration copy = (copyBefore.compareTo(copyAfter) < 0) ? copyBefore : copyAfter;

		StoredReport report = this.reports.list("ledger-export", "2031-01", 1).get(0);
		long lines;
		try (var in = Files.lines(this.storage.root().resolve(report.path()))) {
			lines = in.count();
		}
		assertThat(lines).isEqualTo(POSTINGS + 1L);
		System.out.printf("%nledger-export benchmark, %d postings, JVM max heap %d MB%n", POSTINGS, maxHeapMb);
		System.out.printf("  ledger-export job:  %6d ms  %8d postings/s  (%d bytes, sha256 recorded)%n",
				export.toMillis(), rate(POSTINGS, export), report.sizeBytes());
		System.out.printf("  COPY ... TO STDOUT: %6d ms  %8d postings/s  (CopyManager, best of one before the job, "
				+ "%d ms, and one after, %d ms)%n", copy.toMillis(), rate(POSTINGS, copy), copyBefore.toMillis(),
				copyAfter.toMillis());
		System.out.printf("  ratio copy time / export time: %.2f (target >= 0.50)%n%n",
				copy.toNanos() / (double) export.toNanos());
	}

	@Test
	@Order(2)
	void payee_statements_against_one_query_and_bare_pdfs() throws Exception {
		seedStatements();
		long start = System.nanoTime();
		JobExecution execution = this.jobOperator.start(this.job, new JobParametersBuilder()
			.addString("type", "payee-statement")
			.addString("period", "2031-02")
			.addString("format", "pdf")
			.toJobParameters());
		Duration job = Duration.ofNanos(System.nanoTime() - start);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.reports.list("payee-statement", "2031-02", 1000)).hasSize(Math.min(1000, PAYEES));
		long files = this.jdbc.queryForObject(
				"SELECT count(*) FROM reports WHERE type = 'payee-statement' AND period = '2031-02'", Long.class);
		assertThat(files).isEqualTo(PAYEES);

		Duration baseline = bareStatements();
		System.out.printf("%npayee-statement benchmark, %d payees%n", PAYEES);
		System.out.printf("  payee-statement job: %6d ms  %6d PDFs/s%n", job.toMillis(), rate(PAYEES, job));
		System.out.printf("  baseline:            %6d ms  %6d PDFs/s  (one aggregate query, bare OpenPDF files)%n",
				baseline.toMillis(), rate(PAYEES, baseline));
		System.out.printf("  ratio baseline time / job time: %.2f%n%n", baseline.toNanos() / (double) job.toNanos());
	}

	private Duration copy(ReportRequest request) throws Exception {
		String sql = LedgerExportRenderer.SQL.replaceFirst("\\?", "'" + Timestamp.from(request.from()) + "+00'")
			.replaceFirst("\\?", "'" + Timestamp.from(request.to()) + "+00'");
		Path file = Files.createTempFile("copy-baseline", ".csv");
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection();
				OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			long rows = copy.copyOut("COPY (" + sql + ") TO STDOUT WITH (FORMAT csv, HEADER)", out);
			assertThat(rows).isEqualTo(POSTINGS);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Files.delete(file);
		return took;
	}

	private Duration bareStatements() throws Exception {
		Path directory = Files.createTempDirectory("bare-statements");
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("""
						SELECT a.code, p.currency,
						       sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END)
						           FILTER (WHERE j.effective_at < '2031-02-01T00:00:00Z') AS opening,
						       sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END)
						           FILTER (WHERE j.effective_at >= '2031-02-01T00:00:00Z') AS moves,
						       sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END) AS closing
						FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
						WHERE a.code LIKE 'payable:acct_bench%' AND j.effective_at < '2031-03-01T00:00:00Z'
						GROUP BY a.code, p.currency ORDER BY a.code""")) {
			connection.setAutoCommit(false);
			statement.setFetchSize(1000);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					try (OutputStream out = new BufferedOutputStream(
							Files.newOutputStream(directory.resolve(rs.getString(1).substring(8) + ".pdf")))) {
						Document document = new Document();
						PdfWriter.getInstance(document, out);
						document.open();
						document.add(new Paragraph("Payee statement 2031-02 " + rs.getString(1)));
						document.add(new Paragraph("Opening balance " + rs.getLong(3)));
						document.add(new Paragraph("Movements " + rs.getLong(4)));
						document.add(new Paragraph("Closing balance " + rs.getLong(5)));
						document.close();
					}
				}
			}
			connection.commit();
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** {@code POSTINGS / 2} sale journals in January 2031, each Dr platform:cash Cr one of the payees. */
	private void seedLedger() {
		long seedStart = System.nanoTime();
		this.jdbc.update("""
				INSERT INTO ledger_accounts (code, type)
				SELECT 'payable:acct_bench' || lpad(i::text, 6, '0'), 'LIABILITY' FROM generate_series(1, ?) i
				ON CONFLICT (code) DO NOTHING""", PAYEES);
		int journals = POSTINGS / 2;
		int batch = 50_000;
		for (int from = 0; from < journals; from += batch) {
			int to = Math.min(journals, from + batch);
			this.jdbc.update("""
					WITH payee AS (
					    SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM ledger_accounts
					    WHERE code LIKE 'payable:acct_bench%'
					), journal AS (
					    INSERT INTO journals (kind, source_id, description, effective_at)
					    SELECT 'sale', 'cs_bench_' || i, 'sale cs_bench_' || i || ' 1000 usd',
					           timestamptz '2031-01-01 00:00:00+00' + i * interval '1 second'
					    FROM generate_series(?, ?) i
					    RETURNING id, substr(source_id, 10)::int AS i
					)
					INSERT INTO postings (journal_id, account_id, side, amount, currency)
					SELECT journal.id, line.account_id, line.side, 1000 + journal.i % 500, 'usd'
					FROM journal
					JOIN payee ON payee.n = journal.i % ?
					CROSS JOIN LATERAL (VALUES ((SELECT id FROM ledger_accounts WHERE code = 'platform:cash'), 'D'),
					                           (payee.id, 'C')) AS line (account_id, side)""",
					from, to - 1, PAYEES);
		}
		System.out.printf("seeded %d postings in %d ms%n", POSTINGS, (System.nanoTime() - seedStart) / 1_000_000);
	}

	/** One payout journal per payee in February 2031: each gets a statement with an opening balance. */
	private void seedStatements() {
		this.jdbc.update("""
				INSERT INTO ledger_accounts (code, type)
				SELECT 'payable:acct_bench' || lpad(i::text, 6, '0'), 'LIABILITY' FROM generate_series(1, ?) i
				ON CONFLICT (code) DO NOTHING""", PAYEES);
		this.jdbc.update("""
				WITH payee AS (
				    SELECT id, row_number() OVER (ORDER BY code) AS n FROM ledger_accounts
				    WHERE code LIKE 'payable:acct_bench%'
				), journal AS (
				    INSERT INTO journals (kind, source_id, description, effective_at)
				    SELECT 'payout', 'po_bench_' || n, 'payout po_bench_' || n, timestamptz '2031-02-10 00:00:00+00'
				    FROM payee
				    RETURNING id, substr(source_id, 10)::int AS n
				)
				INSERT INTO postings (journal_id, account_id, side, amount, currency)
				SELECT journal.id, line.account_id, line.side, 100, 'usd'
				FROM journal JOIN payee ON payee.n = journal.n
				CROSS JOIN LATERAL (VALUES (payee.id, 'D'),
				                           ((SELECT id FROM ledger_accounts WHERE code = 'platform:cash'), 'C'))
				    AS line (account_id, side)""");
	}

	private static long rate(long count, Duration took) {
		return count * 1_000_000_000L / Math.max(1, took.toNanos());
	}

}
