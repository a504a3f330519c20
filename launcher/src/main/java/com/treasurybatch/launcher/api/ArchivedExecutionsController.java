package com.treasurybatch.launcher.api;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.treasurybatch.jobs.historyarchive.ArchivedExecution;
import com.treasurybatch.jobs.historyarchive.ArchivedExecutions;

/**
 * {@code GET /api/executions/archived?job=&before=&limit=} and {@code GET /api/executions/archived/{id}}: executions
 * that batch-history-archive moved out of the BATCH_ tables (id, job, dates, status, archive file and its SHA-256).
 * Same readers as the execution history (OPS, AUDITOR, FINANCE).
 */
@RestController
@RequestMapping("/api/executions/archived")
class ArchivedExecutionsController {

	private final ArchivedExecutions archived;

	ArchivedExecutionsController(ArchivedExecutions archived) {
		this.archived = archived;
	}

	@GetMapping
	List<ArchivedExecution> list(@RequestParam(name = "job", required = false) String job,
			@RequestParam(name = "before", required = false) Long before,
			@RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(ArchivedExecutions.LIMIT_MAX) int limit) {
		return this.archived.list(job, before, limit);
	}

	@GetMapping("/{id}")
	ArchivedExecution one(@PathVariable("id") long id) {
		return this.archived.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no archived execution with id " + id));
	}

}
