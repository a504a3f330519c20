package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.launcher.testing.WrittenItems;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A process that died mid-run is simulated the way it looks in the database: a node row
 * whose heartbeat stopped, an execution and its step still STARTED, owned by that node,
 * with the chunks it committed.
 */
@OperationsTest
class ExecutionRecoveryTests {

	private static final Actor ALICE = new Actor("alice", AuditChannel.CLI);

	@Autowired
	JobRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ExecutionRecovery recovery;

	@Autowired
	JobOperations operations;

	@Autowired
	ExecutionHistory history;

	@Autowired
	WrittenItems written;

	@Autowired
	AuditLog auditLog;

	@Test
	void aDeadNodesRunningExecutionIsRecoveredAndItsRestartResumesWhereTheDeadRunCommitted() {
		node("dead-node", "gone-host", "1 hour");
		JobParameters parameters = new JobParametersBuilder().addLocalDate("date", LocalDate.parse("2026-12-10"))
			.toJobParameters();
		long id = diedMidRun(TestJobs.CHUNKS, parameters, 10);
		own(id, "dead-node", "gone-host");
		for (int item = 1; item <= 10; item++) {
			this.jdbc.update("INSERT INTO test_written (tag, item) VALUES ('2026-12-10', ?)", item);
		}

		assertThatExceptionOfType(OperationRefusedException.class)
			.isThrownBy(() -> this.operations.start(TestJobs.CHUNKS, Map.of("date", "2026-12-11"), ALICE))
			.withMessageContaining("job test-chunks is already running: execution " + id)
			.withMessageContaining("whose node is gone");

		this.recovery.sweep();

		ExecutionDetail recovered = this.history.execution(id).orElseThrow();
		assertThat(recovered.summary().status()).isEqualTo("FAILED");
		assertThat(recovered.exitMessage()).contains("Recovered by").contains("gone-host pid 1");
		assertThat(recovered.steps()).extracting(StepSummary::status).containsExactly("FAILED");
		assertThat(recovered.owner().recoveredByNode()).isNotNull();
		AuditEntry audit = this.auditLog.page(new AuditQuery(null, "job.recover", String.valueOf(id), 5)).get(0);
		assertThat(audit.actor()).isEqualTo("system");
		assertThat(audit.channel()).isEqualTo("system");
		assertThat(audit.outcome()).isEqualTo("ok");
		assertThat(audit.parameters()).containsEntry("job", TestJobs.CHUNKS).containsEntry("was", "STARTED");
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM batch_nodes WHERE node_id = 'dead-node'", Integer.class))
			.isZero();

		ExecutionSummary restarted = this.operations.restart(id, ALICE);
		awaitEnd(restarted.id());

		assertThat(this.history.execution(restarted.id()).orElseThrow().summary().status()).isEqualTo("COMPLETED");
		assertThat(this.written.items("2026-12-10"))
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, TestJobs.ITEMS).boxed().toList());
	}

	@Test
	void aLiveNodesExecutionIsNeverRecovered() {
		node("live-node", "busy-host", "0 seconds");
		long id = diedMidRun("ghost-job", new JobParametersBuilder().addString("key", "live").toJobParameters(), 0);
		own(id, "live-node", "busy-host");

		this.recovery.sweep();

		assertThat(this.history.execution(id).orElseThrow().summary().status()).isEqualTo("STARTED");
		assertThatExceptionOfType(OperationRefusedException.class).isThrownBy(() -> this.operations.recover(id, ALICE))
			.withMessageContaining("runs on busy-host pid 1 (alive, last heartbeat")
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.OWNER_ALIVE));
		assertThat(this.auditLog.page(new AuditQuery(null, "job.recover", String.valueOf(id), 5)))
			.extracting(AuditEntry::outcome)
			.containsExactly("refused");
	}

	@Test
	void anExecutionWithoutOwnerIsRecoveredOnlyWhenAnOperatorAsks() {
		long id = diedMidRun("ghost-job", new JobParametersBuilder().addString("key", "unowned").toJobParameters(), 0);

		this.recovery.sweep();
		assertThat(this.history.execution(id).orElseThrow().summary().status()).isEqualTo("STARTED");

		ExecutionSummary recovered = this.operations.recover(id, ALICE);

		assertThat(recovered.status()).isEqualTo("FAILED");
		AuditEntry audit = this.auditLog.page(new AuditQuery(null, "job.recover", String.valueOf(id), 5)).get(0);
		assertThat(audit.actor()).isEqualTo("alice");
		assertThat(audit.outcome()).isEqualTo("ok");
		assertThat(audit.detail()).contains("no node owned it");
		assertThatExceptionOfType(OperationRefusedException.class).isThrownBy(() -> this.operations.recover(id, ALICE))
			.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.NOT_RUNNING));
	}

	private void node(String nodeId, String host, String heartbeatAge) {
		this.jdbc.update("""
				INSERT INTO batch_nodes (node_id, kind, host, pid, started_at, heartbeat_at)
				VALUES (?, 'server', ?, 1, now() - interval '2 hours', now() - ?::interval)""", nodeId, host,
				heartbeatAge);
	}

	private void own(long executionId, String nodeId, String host) {
		this.jdbc.update(
				"INSERT INTO batch_execution_owners (job_execution_id, node_id, host, pid) VALUES (?, ?, ?, 1)",
				executionId, nodeId, host);
	}

	/**
	 * An execution and its step left STARTED, the step having committed {@code committed}
	 * items.
	 */
	private long diedMidRun(String jobName, JobParameters parameters, int committed) {
		JobInstance instance = this.repository.createJobInstance(jobName, parameters);
		JobExecution execution = this.repository.createJobExecution(instance, parameters, new ExecutionContext());
		execution.setStartTime(LocalDateTime.now());
		execution.setStatus(BatchStatus.STARTED);
		this.repository.update(execution);
		StepExecution step = this.repository.createStepExecution("chunkStep", execution);
		step.setStartTime(LocalDateTime.now());
		step.setStatus(BatchStatus.STARTED);
		step.setReadCount(committed);
		step.setWriteCount(committed);
		step.setCommitCount(committed / TestJobs.CHUNK_SIZE);
		step.getExecutionContext().putInt("numbersReader.read.count", committed);
		this.repository.update(step);
		this.repository.updateExecutionContext(step);
		return execution.getId();
	}

	private void awaitEnd(long executionId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.history.execution(executionId).orElseThrow().summary().running());
	}

}
