package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.JobSummary;

/** {@code /api/jobs}: the registered jobs, and starting one. */
@RestController
@RequestMapping("/api/jobs")
class JobsController {

	private final JobOperations operations;

	JobsController(JobOperations operations) {
		this.operations = operations;
	}

	/** Every job, sorted by name, with its last execution. */
	@GetMapping
	List<JobSummary> jobs() {
		return this.operations.jobs();
	}

	/**
	 * Starts a job on this server and answers at once: 202, the new execution, and its
	 * URL in {@code Location}. Refusals (unknown job 404, invalid parameters 400, already
	 * running or completed 409) are problem details.
	 */
	@PostMapping("/{job}/executions")
	ResponseEntity<ExecutionSummary> start(@PathVariable("job") String job,
			@Valid @RequestBody(required = false) StartRequest request, Principal principal) {
		Map<String, String> parameters = (request != null) ? request.parametersOrEmpty() : Map.of();
		ExecutionSummary started = this.operations.start(job, parameters, ApiActor.of(principal));
		return ResponseEntity.accepted().location(URI.create("/api/executions/" + started.id())).body(started);
	}

}
