package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.operations.ExecutionQuery;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.Refusal;

/**
 * {@code /api/executions}: execution history, and restart, stop, abandon, recover of one
 * execution.
 */
@RestController
@RequestMapping("/api/executions")
class ExecutionsController {

	private final JobOperations operations;

	private final ExecutionHistory history;

	ExecutionsController(JobOperations operations, ExecutionHistory history) {
		this.operations = operations;
		this.history = history;
	}

	/**
	 * Executions, newest first, optionally of one job and one status; {@code before}
	 * pages on.
	 */
	@GetMapping
	List<ExecutionSummary> executions(@RequestParam(name = "job", required = false) String job,
			@RequestParam(name = "status", required = false) @Pattern(
					regexp = "(?i)STARTING|STARTED|STOPPING|STOPPED|FAILED|COMPLETED|ABANDONED|UNKNOWN") String status,
			@RequestParam(name = "limit",
					defaultValue = "" + ExecutionQuery.LIMIT_DEFAULT) @Min(1) @Max(ExecutionQuery.LIMIT_MAX) int limit,
			@RequestParam(name = "before", required = false) Long before) {
		return this.history.executions(new ExecutionQuery(job, status, before, limit));
	}

	/**
	 * One execution with parameters, steps and owner node; 404 problem if there is none.
	 */
	@GetMapping("/{id}")
	ExecutionDetail execution(@PathVariable("id") long id) {
		return this.history.execution(id)
			.orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_EXECUTION, "no execution with id " + id));
	}

	/** Restarts the execution's instance on this server: 202 and the new execution. */
	@PostMapping("/{id}/restart")
	ResponseEntity<ExecutionSummary> restart(@PathVariable("id") long id, Principal principal) {
		ExecutionSummary restarted = this.operations.restart(id, ApiActor.of(principal));
		return ResponseEntity.accepted().location(URI.create("/api/executions/" + restarted.id())).body(restarted);
	}

	/**
	 * Asks the execution to stop at its next chunk boundary: 202, the execution now
	 * STOPPING.
	 */
	@PostMapping("/{id}/stop")
	ResponseEntity<ExecutionSummary> stop(@PathVariable("id") long id, Principal principal) {
		return ResponseEntity.accepted().body(this.operations.stop(id, ApiActor.of(principal)));
	}

	/** Marks a STOPPED or FAILED execution ABANDONED. */
	@PostMapping("/{id}/abandon")
	ExecutionSummary abandon(@PathVariable("id") long id, Principal principal) {
		return this.operations.abandon(id, ApiActor.of(principal));
	}

	/**
	 * Marks a running execution whose node is gone FAILED, so that it can be restarted.
	 */
	@PostMapping("/{id}/recover")
	ExecutionSummary recover(@PathVariable("id") long id, Principal principal) {
		return this.operations.recover(id, ApiActor.of(principal));
	}

}
