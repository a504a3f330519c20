package com.treasurybatch.launcher.api;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

/** {@code /api/audit}: the audit trail, newest first. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

	private final AuditLog auditLog;

	AuditController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	/** One page of the trail; {@code before} (the last id seen) pages on. */
	@GetMapping
	List<AuditEntry> audit(
			@RequestParam(name = "limit",
					defaultValue = "" + AuditQuery.LIMIT_DEFAULT) @Min(1) @Max(AuditQuery.LIMIT_MAX) int limit,
			@RequestParam(name = "before", required = false) Long before,
			@RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "target", required = false) String target) {
		return this.auditLog.page(new AuditQuery(before, action, target, limit));
	}

}
