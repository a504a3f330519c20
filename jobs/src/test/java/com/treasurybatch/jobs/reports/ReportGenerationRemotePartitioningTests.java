package com.treasurybatch.jobs.reports;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.partitioning.PartitionRequests;
import com.treasurybatch.shared.partitioning.PartitionWorkerListener;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report-generation with {@code treasury.partitioning.mode=remote}: a month of payee statements cut into ranges of
 * payees, each range a partition request through the PostgreSQL queue to this node's workers. (The ranges themselves:
 * {@code ReportFilePartitionerTests}.)
 */
@SpringBootTest(properties = { "treasury.partitioning.mode=remote", "treasury.partitioning.worker-threads=2",
		"treasury.partitioning.poll-interval=200ms", "treasury.reports.partitions=3", "treasury.reports.chunk-size=2",
		"treasury.reports.storage=target/report-tests/${random.uuid}",
		"treasury.reports.link-secret=0123456789abcdef0123456789abcdef-test" })
@PostgresTest
class ReportGenerationRemotePartitioningTests {

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
	PayeeStatementRenderer statements;

	@Autowired
	PartitionRequests requests;

	@Test
	void a_month_of_statements_is_written_in_ranges_of_payees_by_the_workers_each_file_once() throws Exception {
		ReportFixtures fixtures = new ReportFixtures(this.ledger, this.jdbc, this.transaction);
		for (int i = 0; i < 9; i++) {
			fixtures.sale("cs_remote_report_" + i, Instant.parse("2020-03-0" + (i + 1) + "T12:00:00Z"), 10_000 + i,
					"usd", "ticket", "show-r", "acct_RemoteReport" + i);
		}
		// 2020: before any other test's postings, so the month's payees are these nine
		List<String> names = this.statements.plan(ReportRequest.of("payee-statement", "2020-03", "pdf"))
			.stream()
			.map(ReportFile::name)
			.toList();
		assertThat(names).hasSize(9);

		JobExecution execution = run("payee-statement", "2020-03", "pdf");

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.reports.list("payee-statement", "2020-03", 20)).extracting(StoredReport::name)
			.containsExactlyInAnyOrderElementsOf(names);
		List<StepExecution> partitions = partitions(execution);
		assertThat(partitions).hasSize(3).allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getWriteCount()).as("a third of the payees").isEqualTo(3);
			assertThat(partition.getExecutionContext().getString(PartitionWorkerListener.WORKER))
				.endsWith(" pid " + ProcessHandle.current().pid());
		});
		assertThat(this.requests.waiting()).isZero();
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName()
				.startsWith(ReportGenerationJobConfiguration.PARTITION_STEP_NAME + ":"))
			.toList();
	}

	private JobExecution run(String type, String period, String format) throws Exception {
		JobOperatorTestUtils jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		jobs.setJob(this.job);
		return jobs.startJob(new JobParametersBuilder().addString("type", type)
			.addString("period", period)
			.addString("format", format)
			.toJobParameters());
	}

}
