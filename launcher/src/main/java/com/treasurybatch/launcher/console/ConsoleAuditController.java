package com.treasurybatch.launcher.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditSearch;

/**
 * {@code GET /console/audit} (OPS, AUDITOR): the audit trail filtered by {@code actor, action, target, from, to}
 * (dates, UTC, {@code to} inclusive), newest first, keyset page {@code before}; {@code GET /console/audit.csv}:
 * the same filters as CSV, up to {@value #CSV_ROWS_MAX} rows.
 */
@Controller
class ConsoleAuditController {

	/** Rows per page. */
	static final int PAGE_SIZE = 50;

	/** Rows of one CSV export. */
	static final int CSV_ROWS_MAX = 500;

	private final AuditLog audit;

	ConsoleAuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/console/audit")
	String audit(@RequestParam Map<String, String> filters, Model model) {
		List<AuditEntry> rows = this.audit.search(search(filters, PAGE_SIZE));
		model.addAttribute("filters", filters);
		model.addAttribute("rows", rows);
		model.addAttribute("nextBefore", (rows.size() == PAGE_SIZE) ? rows.get(rows.size() - 1).id() : null);
		return "console/audit";
	}

	@GetMapping("/console/audit.csv")
	ResponseEntity<byte[]> auditCsv(@RequestParam Map<String, String> filters) {
		return CsvFiles.of("audit.csv",
				new String[] { "id", "occurred_at", "actor", "channel", "action", "target", "outcome", "detail" },
				this.audit.search(search(filters, CSV_ROWS_MAX))
					.stream()
					.map((a) -> new String[] { String.valueOf(a.id()), a.occurredAt().toString(), a.actor(),
							a.channel(), a.action(), a.target(), a.outcome(), CsvFiles.text(a.detail()) })
					.toList());
	}

	private static AuditSearch search(Map<String, String> filters, int limit) {
		String before = filters.get("before");
		return new AuditSearch((before == null || before.isBlank()) ? null : Long.valueOf(before.strip()),
				filters.get("actor"), filters.get("action"), filters.get("target"), day(filters.get("from"), 0),
				day(filters.get("to"), 1), limit);
	}

	private static Instant day(String date, int plusDays) {
		return (date == null || date.isBlank()) ? null
				: LocalDate.parse(date.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
