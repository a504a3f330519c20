package com.treasurybatch.jobs.historyarchive;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.shared.batch.AsGivenJob;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch-history-archive job on a real PostgreSQL over real Spring Batch history (gdpr-purge dry runs), aged by
 * moving their times back. Tests share one database and archive directory; each looks at its own executions.
 */
@SpringBootTest(properties = "treasury.history-archive.directory=target/test-history-archive")
@PostgresTest
class BatchHistoryArchiveJobTests {

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(BatchHistoryArchiveJobConfiguration.JOB_NAME)
	Job archiveJob;

	@Autowired
	@Qualifier("gdpr-purge")
	Job someJob;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	com.treasurybatch.shared.storage.ContentStore contents;

	@Autowired
	BatchHistoryArchiver archiver;

	@Autowired
	ArchivedExecutions archived;

	@Autowired
	AuditLog audit;

	@Autowired
	JsonMapper json;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void setUp() {
		this.clock.set(Instant.now());
	}

	@Test
	void executions_older_than_the_hot_window_move_to_a_hashed_file_and_stay_findable() throws Exception {
		JobExecution old1 = runSomeJob();
		JobExecution old2 = runSomeJob();
		JobExecution young = runSomeJob();
		age(old1, 120);
		age(old2, 91);
		age(young, 89);

		JobExecution archiving = this.jobOperator.startNextInstance(this.archiveJob);

		assertThat(archiving.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (JobExecution gone : List.of(old1, old2)) {
			long id = gone.getId();
			assertThat(count("batch_job_execution WHERE job_execution_id = ?", id)).isZero();
			assertThat(count("batch_job_execution_params WHERE job_execution_id = ?", id)).isZero();
			assertThat(count("batch_job_execution_context WHERE job_execution_id = ?", id)).isZero();
			assertThat(count("batch_step_execution WHERE job_execution_id = ?", id)).isZero();
			assertThat(count("batch_job_instance WHERE job_instance_id = ?", gone.getJobInstanceId()))
				.as("instance left without executions")
				.isZero();
		}
		assertThat(count("batch_job_execution WHERE job_execution_id = ?", young.getId())).isOne();
		assertThat(count("batch_step_execution_context c JOIN batch_step_execution s USING (step_execution_id)"
				+ " WHERE s.job_execution_id = ?", young.getId())).isPositive();

		ArchivedExecution first = this.archived.find(old1.getId()).orElseThrow();
		assertThat(first.jobName()).isEqualTo("gdpr-purge");
		assertThat(first.status()).isEqualTo("COMPLETED");
		assertThat(first.endedAt()).isBefore(Instant.now().minusSeconds(119L * 86_400));
		assertThat(this.archived.find(old2.getId()).orElseThrow().archiveFile()).isEqualTo(first.archiveFile());
		assertThat(this.archived.find(young.getId())).isEmpty();
		assertThat(this.archived.list("gdpr-purge", null, 10)).extracting(ArchivedExecution::id)
			.contains(old1.getId(), old2.getId());

		byte[] file;
		try (java.io.InputStream in = this.contents.open(first.archiveSha256())) {
			file = in.readAllBytes();
		}
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
			.isEqualTo(first.archiveSha256());
		AuditEntry audited = this.audit.page(new AuditQuery(null, BatchHistoryArchiver.ACTION, first.archiveFile(), 1))
			.get(0);
		assertThat(audited.parameters()).containsEntry("sha256", first.archiveSha256());
		List<JsonNode> lines = lines(file);
		assertThat(lines).extracting((line) -> line.get("job_execution").get("job_execution_id").asLong())
			.containsExactly(old1.getId(), old2.getId());
		JsonNode line = lines.get(0);
		assertThat(line.get("job_instance").get("job_name").asString()).isEqualTo("gdpr-purge");
		assertThat(line.get("job_execution_params")).isNotEmpty();
		assertThat(line.get("step_executions")).hasSize(2);
		assertThat(line.get("step_executions").get(0).get("step_execution").get("step_name").asString())
			.isEqualTo("eraseSubjectsStep");
		assertThat(line.get("step_executions").get(0).get("step_execution_context").get("short_context").asString())
			.isNotEmpty();

		JobExecution again = this.jobOperator.startNextInstance(this.archiveJob);
		assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(again.getStepExecutions().iterator().next().getWriteCount()).as("nothing archived twice").isZero();
	}

	@Test
	void running_executions_and_restartable_ones_inside_their_window_stay() throws Exception {
		JobExecution running = runSomeJob();
		JobExecution failedLast = runSomeJob();
		JobExecution failedLongAgo = runSomeJob();
		age(running, 200);
		age(failedLast, 200);
		age(failedLongAgo, 400);
		this.jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = ?",
				running.getId());
		this.jdbc.update("UPDATE batch_job_execution SET status = 'FAILED', exit_code = 'FAILED'"
				+ " WHERE job_execution_id IN (?, ?)", failedLast.getId(), failedLongAgo.getId());

		assertThat(this.jobOperator.startNextInstance(this.archiveJob).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(count("batch_job_execution WHERE job_execution_id = ?", running.getId())).as("running").isOne();
		assertThat(count("batch_job_execution WHERE job_execution_id = ?", failedLast.getId()))
			.as("FAILED, still restartable for 365 days")
			.isOne();
		assertThat(this.archived.find(failedLongAgo.getId()).orElseThrow().status())
			.as("FAILED and past the restartable window")
			.isEqualTo("FAILED");
		this.jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED' WHERE job_execution_id = ?",
				running.getId());
	}

	@Test
	void archive_files_a_node_kept_under_its_treasury_home_move_to_the_database_once_and_only_with_their_digest()
			throws Exception {
		java.nio.file.Path directory = java.nio.file.Path.of("target/test-history-archive").toAbsolutePath();
		java.nio.file.Files.createDirectories(directory);
		java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
			gzip.write("{\"job_execution\": {\"job_execution_id\": 990001}}\n".getBytes(StandardCharsets.UTF_8));
		}
		byte[] kept = gzipped.toByteArray();
		String name = "batch-history-20250101T000000Z-990001-990001.jsonl.gz";
		java.nio.file.Files.write(directory.resolve(name), kept);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kept));
		String tampered = "batch-history-20250101T000000Z-990002-990002.jsonl.gz";
		java.nio.file.Files.write(directory.resolve(tampered), kept);
		String otherSha = "ab".repeat(32);
		for (Object[] row : List.of(new Object[] { 990001L, name, sha256 }, new Object[] { 990002L, tampered, otherSha })) {
			this.jdbc.update("""
					INSERT INTO batch_execution_archive (job_execution_id, job_instance_id, job_name, create_time,
					    start_time, end_time, status, exit_code, archive_file, archive_sha256, archived_at)
					VALUES (?, ?, 'gdpr-purge', now(), now(), now(), 'COMPLETED', 'COMPLETED', ?, ?, now())""", row[0],
					row[0], row[1], row[2]);
		}

		assertThat(this.archiver.importLocalFiles()).as("only the file with its recorded digest").isOne();
		assertThat(this.archiver.importLocalFiles()).as("moved once").isZero();

		try (java.io.InputStream in = this.archiver.open(sha256)) {
			assertThat(in.readAllBytes()).isEqualTo(kept);
		}
		assertThat(this.contents.contains(otherSha)).isFalse();
		this.jdbc.update("DELETE FROM batch_execution_archive WHERE job_execution_id IN (990001, 990002)");
	}

	private JobExecution runSomeJob() throws Exception {
		JobExecution execution = this.jobOperator.start(new AsGivenJob(this.someJob), new JobParametersBuilder()
			.addString("dry-run", "true")
			.addLong("run.id", System.nanoTime())
			.toJobParameters());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		return execution;
	}

	private void age(JobExecution execution, int days) {
		String back = "- interval '" + days + " days'";
		this.jdbc.update("UPDATE batch_job_execution SET create_time = create_time " + back + ", start_time = start_time "
				+ back + ", end_time = end_time " + back + ", last_updated = last_updated " + back
				+ " WHERE job_execution_id = ?", execution.getId());
	}

	private long count(String fromWhere, long id) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + fromWhere, Long.class, id);
	}

	private List<JsonNode> lines(byte[] file) throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(new java.io.ByteArrayInputStream(file)), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines.add(this.json.readTree(line));
			}
		}
		return lines;
	}

}
