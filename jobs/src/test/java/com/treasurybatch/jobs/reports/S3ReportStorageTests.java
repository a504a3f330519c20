package com.treasurybatch.jobs.reports;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import com.opencsv.CSVReader;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.storage.ContentStore;
import com.treasurybatch.shared.storage.S3ContentStore;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.S3MockServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report files with {@code treasury.storage.type=s3}: the report-generation job writes the file into the bucket
 * (S3Mock in a child JVM, {@link S3MockServer}) and a download through {@link ReportDownloads} streams it back.
 */
@SpringBootTest(properties = { "treasury.storage.type=s3", "treasury.storage.s3.bucket=" + S3MockServer.BUCKET,
		"treasury.storage.s3.region=" + S3MockServer.REGION, "treasury.storage.s3.path-style=true",
		"treasury.storage.s3.prefix=report-tests/contents", "treasury.reports.storage=target/report-tests/${random.uuid}",
		"treasury.reports.link-secret=0123456789abcdef0123456789abcdef-test" })
@PostgresTest
class S3ReportStorageTests {

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		registry.add("treasury.storage.s3.endpoint", () -> S3MockServer.get().endpoint().toString());
	}

	@Autowired
	ContentStore contents;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier(ReportGenerationJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	Payouts payouts;

	@Autowired
	Reports reports;

	@Autowired
	ReportDownloads downloads;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void a_payouts_report_written_to_the_bucket_downloads_byte_for_byte() throws Exception {
		assertThat(this.contents).isInstanceOf(S3ContentStore.class);
		var held = this.payouts.create("acct_S3H", LocalDate.parse("2021-03-31"), PayoutKind.NIGHTLY, 7_000, "usd",
				List.of("risk: review")).orElseThrow();
		var pending = this.payouts.create("acct_S3P", LocalDate.parse("2021-03-01"), PayoutKind.NIGHTLY, 1_234, "eur",
				List.of()).orElseThrow();
		JobOperatorTestUtils jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		jobs.setJob(this.job);

		assertThat(jobs.startJob(new JobParametersBuilder().addString("type", "payouts")
			.addString("period", "2021-03")
			.addString("format", "csv")
			.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		List<StoredReport> found = this.reports.list("payouts", "2021-03", 10);
		assertThat(found).hasSize(1);
		StoredReport report = found.get(0);
		byte[] downloaded;
		try (var download = this.downloads.open(report.id(), new Actor("fin-lea", AuditChannel.CLI)).content()) {
			downloaded = download.readAllBytes();
		}
		assertThat(downloaded).hasSize((int) report.sizeBytes());
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded)))
			.isEqualTo(report.sha256());
		List<String[]> rows;
		try (CSVReader csv = new CSVReader(new InputStreamReader(new java.io.ByteArrayInputStream(downloaded),
				StandardCharsets.UTF_8))) {
			rows = csv.readAll();
		}
		assertThat(rows).hasSize(3);
		assertThat(rows.get(1)).startsWith(Long.toString(pending.id()), "2021-03-01", "nightly", "acct_S3P", "1234",
				"eur", "PENDING");
		assertThat(rows.get(2)).startsWith(Long.toString(held.id()), "2021-03-31", "nightly", "acct_S3H", "7000",
				"usd", "HELD");

		try (S3Client client = S3MockServer.get().client()) {
			byte[] object = client
				.getObjectAsBytes((request) -> request.bucket(S3MockServer.BUCKET)
					.key("report-tests/contents/" + report.sha256()))
				.asByteArray();
			assertThat(object).as("the bucket holds the file").isEqualTo(downloaded);
		}
		assertThat(this.jdbc.queryForObject("SELECT chunks FROM stored_contents WHERE sha256 = ?", Integer.class,
				report.sha256()))
			.as("its row is in the database, its bytes are not")
			.isZero();
	}

}
