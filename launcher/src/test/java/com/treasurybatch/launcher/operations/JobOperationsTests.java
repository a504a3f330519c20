package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.treasurybatch.launcher.testing.Gate;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OperationsTest
class JobOperationsTests {

	private static final int CALLERS = 6;

	@Autowired
	JobOperations operations;

	@Autowired
	ExecutionHistory history;

	@Autowired
	Gate gate;

	@Autowired
	AuditLog auditLog;

	@AfterEach
	void letRunsEnd() {
		this.gate.open();
	}

	@Test
	void concurrentStartsOfOneJobRunItOnce() throws Exception {
		this.gate.close();
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		List<Future<ExecutionSummary>> attempts = new ArrayList<>();
		try {
			for (int i = 0; i < CALLERS; i++) {
				Callable<ExecutionSummary> start = () -> this.operations.start(TestJobs.GATE, Map.of(),
						Actor.SCHEDULER);
				attempts.add(callers.submit(start));
			}
			List<ExecutionSummary> started = new ArrayList<>();
			int refused = 0;
			for (Future<ExecutionSummary> attempt : attempts) {
				try {
					started.add(attempt.get());
				}
				catch (java.util.concurrent.ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(OperationRefusedException.class);
					assertThat(((OperationRefusedException) ex.getCause()).refusal())
						.isEqualTo(Refusal.ALREADY_RUNNING);
					refused++;
				}
			}

			assertThat(started).hasSize(1);
			assertThat(refused).isEqualTo(CALLERS - 1);
			// one set of ids: the run may move from STARTING to STARTED between the two reads
			java.util.Set<Long> running = new java.util.HashSet<>();
			for (String status : List.of("STARTING", "STARTED")) {
				this.history.executions(new ExecutionQuery(TestJobs.GATE, status, null, 10))
					.forEach((execution) -> running.add(execution.id()));
			}
			assertThat(running).containsExactly(started.get(0).id());
			List<AuditEntry> audits = this.auditLog.page(new AuditQuery(null, "job.start", TestJobs.GATE, CALLERS));
			assertThat(audits).extracting(AuditEntry::actor).containsOnly("scheduler");
			assertThat(audits).extracting(AuditEntry::channel).containsOnly("schedule");
			assertThat(audits).extracting(AuditEntry::outcome).containsOnlyOnce("ok");

			this.gate.open();
			long id = started.get(0).id();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "COMPLETED".equals(this.history.execution(id).orElseThrow().summary().status()));
		}
		finally {
			callers.shutdownNow();
		}
	}

	/**
	 * Schedules fire several jobs in the same second (every-minute jobs, nightly jobs on
	 * the hour): starts of different jobs never refuse each other.
	 */
	@Test
	void differentJobsStartedAtTheSameMomentAllStart() throws Exception {
		this.gate.open();
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try {
			for (int round = 1; round <= 15; round++) {
				java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
				String date = java.time.LocalDate.of(2026, 1, 1).plusDays(round).toString();
				Future<ExecutionSummary> chunks = callers.submit(() -> {
					together.await();
					return this.operations.start(TestJobs.CHUNKS, Map.of("date", date), Actor.SCHEDULER);
				});
				Future<ExecutionSummary> gated = callers.submit(() -> {
					together.await();
					return this.operations.start(TestJobs.GATE, Map.of(), Actor.SCHEDULER);
				});
				awaitCompleted(chunks.get().id());
				awaitCompleted(gated.get().id());
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void anOperatorsOneOffParametersAreNotCarriedIntoTheNextPlainRun() {
		this.gate.open();
		ExecutionSummary plain = this.operations.start(TestJobs.GATE, Map.of(), Actor.SCHEDULER);
		awaitCompleted(plain.id());
		ExecutionSummary oneOff = this.operations.start(TestJobs.GATE, Map.of("dry-run", "true"),
				new Actor("alice", com.treasurybatch.shared.audit.AuditChannel.CLI));
		awaitCompleted(oneOff.id());

		ExecutionSummary next = this.operations.start(TestJobs.GATE, Map.of(), Actor.SCHEDULER);
		awaitCompleted(next.id());

		Map<String, String> nextParameters = identifying(next.id());
		assertThat(nextParameters).doesNotContainKey("dry-run");
		assertThat(Long.parseLong(nextParameters.get("run.id")))
			.isEqualTo(Long.parseLong(identifying(plain.id()).get("run.id")) + 1);
	}

	private Map<String, String> identifying(long executionId) {
		Map<String, String> values = new java.util.TreeMap<>();
		this.history.execution(executionId)
			.orElseThrow()
			.parameters()
			.stream()
			.filter(ParameterView::identifying)
			.forEach((parameter) -> values.put(parameter.name(), parameter.value()));
		return values;
	}

	private void awaitCompleted(long id) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "COMPLETED".equals(this.history.execution(id).orElseThrow().summary().status()));
	}

	@Test
	void parametersAreTypedByTheirShape() {
		var parameters = JobParametersParser.parse(new java.util.LinkedHashMap<>(Map.of("date", "2026-11-20", "count",
				"42", "code", "007", "period", "2026-11", "forced:string", "17", "when:date", "2026-01-02")));

		assertThat(parameters.getParameter("date").type()).isEqualTo(java.time.LocalDate.class);
		assertThat(parameters.getParameter("count").value()).isEqualTo(42L);
		assertThat(parameters.getParameter("code").value()).isEqualTo("007");
		assertThat(parameters.getParameter("period").value()).isEqualTo("2026-11");
		assertThat(parameters.getParameter("forced").value()).isEqualTo("17");
		assertThat(parameters.getParameter("when").type()).isEqualTo(java.time.LocalDate.class);
		assertThat(parameters.getIdentifyingParameters()).hasSize(6);
	}

}
