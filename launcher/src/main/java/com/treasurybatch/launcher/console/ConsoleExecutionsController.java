package com.treasurybatch.launcher.console;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.treasurybatch.jobs.historyarchive.ArchivedExecution;
import com.treasurybatch.jobs.historyarchive.ArchivedExecutions;
import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.operations.ExecutionSearch;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditSearch;

/**
 * Executions: {@code GET /console/executions} (filters {@code job, status, from, to} (dates, UTC, {@code to}
 * inclusive), {@code by, channel}, keyset page {@code before}, {@code archived=true} for those moved out by
 * batch-history-archive), {@code GET /console/executions.csv} (the same page as CSV), {@code GET
 * /console/executions/{id}} (detail with steps, exit message, audit rows), {@code GET
 * /console/executions/{id}/progress} (the steps fragment, reloaded while it runs); OPS: {@code POST
 * /console/jobs/start}, {@code POST /console/executions/{id}/stop|restart|abandon|recover}, through
 * {@link JobOperations} with channel {@code console}.
 */
@Controller
class ConsoleExecutionsController {

	/** Executions per page. */
	static final int PAGE_SIZE = 50;

	/** Audit rows shown on an execution's page. */
	static final int AUDIT_ROWS_MAX = 50;

	private final ExecutionHistory history;

	private final ArchivedExecutions archived;

	private final JobOperations operations;

	private final AuditLog audit;

	private final JobRegistry registry;

	ConsoleExecutionsController(ExecutionHistory history, ArchivedExecutions archived, JobOperations operations,
			AuditLog audit, JobRegistry registry) {
		this.history = history;
		this.archived = archived;
		this.operations = operations;
		this.audit = audit;
		this.registry = registry;
	}

	@GetMapping("/console/executions")
	String executions(@RequestParam Map<String, String> filters, Model model) {
		model.addAttribute("filters", filters);
		// names only: each job's last execution (JobOperations.jobs()) costs a query per job
		model.addAttribute("jobs", new TreeSet<>(this.registry.getJobNames()));
		if ("true".equals(filters.get("archived"))) {
			List<ArchivedExecution> rows = this.archived.list(blankToNull(filters.get("job")),
					longOrNull(filters.get("before")), PAGE_SIZE);
			model.addAttribute("archivedRows", rows);
			model.addAttribute("nextBefore", (rows.size() == PAGE_SIZE) ? rows.get(rows.size() - 1).id() : null);
			return "console/executions";
		}
		List<ExecutionSummary> rows = this.history.search(search(filters, PAGE_SIZE));
		model.addAttribute("rows", rows);
		model.addAttribute("nextBefore", (rows.size() == PAGE_SIZE) ? rows.get(rows.size() - 1).id() : null);
		return "console/executions";
	}

	@GetMapping("/console/executions.csv")
	ResponseEntity<byte[]> executionsCsv(@RequestParam Map<String, String> filters) {
		List<String[]> rows = this.history.search(search(filters, PAGE_SIZE))
			.stream()
			.map((e) -> new String[] { String.valueOf(e.id()), e.jobName(), String.valueOf(e.instanceId()), e.status(),
					e.exitCode(), CsvFiles.text(e.startedAt()), CsvFiles.text(e.endedAt()),
					CsvFiles.text(e.durationMillis()), CsvFiles.text(e.triggeredBy()),
					CsvFiles.text(e.triggeredChannel()), e.exitMessage() })
			.toList();
		return CsvFiles.of("executions.csv", new String[] { "id", "job", "instance", "status", "exit_code",
				"started_at", "ended_at", "duration_ms", "triggered_by", "channel", "exit_message" }, rows);
	}

	@GetMapping("/console/executions/{id}")
	String execution(@PathVariable("id") long id, Model model) {
		ExecutionDetail detail = this.history.execution(id).orElse(null);
		if (detail == null) {
			model.addAttribute("archivedRow", this.archived.find(id).orElse(null));
			model.addAttribute("id", id);
			return "console/execution-missing";
		}
		model.addAttribute("detail", detail);
		model.addAttribute("auditRows", this.audit
			.search(new AuditSearch(null, null, null, String.valueOf(id), null, null, AUDIT_ROWS_MAX)));
		return "console/execution";
	}

	@GetMapping("/console/executions/{id}/progress")
	String progress(@PathVariable("id") long id, Model model) {
		model.addAttribute("detail", this.history.execution(id).orElse(null));
		return "console/execution :: progress";
	}

	@PostMapping("/console/jobs/start")
	String start(@RequestParam("job") String job, @RequestParam(name = "parameters", defaultValue = "") String text,
			Principal principal, RedirectAttributes redirect) {
		try {
			ExecutionSummary started = this.operations.start(job, parameters(text), ConsoleActor.of(principal));
			redirect.addFlashAttribute("notice", "Started " + job + ": execution " + started.id() + ".");
			return "redirect:/console/executions/" + started.id();
		}
		catch (OperationRefusedException | IllegalArgumentException ex) {
			redirect.addFlashAttribute("problem", "Not started: " + ex.getMessage());
			return "redirect:/console/executions";
		}
	}

	@PostMapping("/console/executions/{id}/{action:stop|restart|abandon|recover}")
	String act(@PathVariable("id") long id, @PathVariable("action") String action, Principal principal,
			RedirectAttributes redirect) {
		try {
			ExecutionSummary result = switch (action) {
				case "stop" -> this.operations.stop(id, ConsoleActor.of(principal));
				case "restart" -> this.operations.restart(id, ConsoleActor.of(principal));
				case "abandon" -> this.operations.abandon(id, ConsoleActor.of(principal));
				default -> this.operations.recover(id, ConsoleActor.of(principal));
			};
			if ("restart".equals(action)) {
				redirect.addFlashAttribute("notice",
						"Restarted execution " + id + " as execution " + result.id() + ".");
				return "redirect:/console/executions/" + result.id();
			}
			redirect.addFlashAttribute("notice", "Execution " + id + " is now " + result.status() + ".");
		}
		catch (OperationRefusedException ex) {
			redirect.addFlashAttribute("problem", "Refused: " + ex.getMessage());
		}
		return "redirect:/console/executions/" + id;
	}

	/** {@code key=value} per line (or separated by commas), as the CLI takes them. */
	static Map<String, String> parameters(String text) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String part : text.split("[\\n,]")) {
			String pair = part.strip();
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("parameter '" + pair + "' is not key=value");
			}
			parameters.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
		}
		return parameters;
	}

	static ExecutionSearch search(Map<String, String> filters, int limit) {
		return new ExecutionSearch(filters.get("job"), filters.get("status"), startOf(filters.get("from")),
				startOf(nextDay(filters.get("to"))), filters.get("by"), filters.get("channel"),
				longOrNull(filters.get("before")), limit);
	}

	private static Instant startOf(String date) {
		return (date == null || date.isBlank()) ? null : LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private static String nextDay(String date) {
		return (date == null || date.isBlank()) ? null : LocalDate.parse(date).plusDays(1).toString();
	}

	private static Long longOrNull(String text) {
		return (text == null || text.isBlank()) ? null : Long.valueOf(text.strip());
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
