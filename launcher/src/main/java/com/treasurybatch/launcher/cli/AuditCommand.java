package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

/**
 * {@code audit [--limit N] [--before ID] [--action A] [--target T]}: the audit trail,
 * newest first.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
		description = "Show the audit trail of operator actions, newest first (times in UTC).")
@Component
@Scope("prototype")
class AuditCommand extends SpringCommand implements CliCommand {

	@Option(names = "--limit", paramLabel = "N", defaultValue = "" + AuditQuery.LIMIT_DEFAULT,
			description = "How many rows, 1 to " + AuditQuery.LIMIT_MAX + " (default: ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--before", paramLabel = "ID", description = "Only rows older than this id (next page).")
	Long beforeId;

	@Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. job.start.")
	String action;

	@Option(names = "--target", paramLabel = "TARGET", description = "Only this target, e.g. an execution id.")
	String target;

	private final AuditLog auditLog;

	AuditCommand(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Override
	public Integer call() {
		PrintWriter out = out();
		out.printf("%-8s %-20s %-16s %-8s %-12s %-20s %-8s %s%n", "ID", "TIME (UTC)", "ACTOR", "CHANNEL", "ACTION",
				"TARGET", "OUTCOME", "DETAIL");
		for (AuditEntry entry : this.auditLog
			.page(new AuditQuery(this.beforeId, this.action, this.target, this.limit))) {
			out.printf("%-8d %-20s %-16s %-8s %-12s %-20s %-8s %s%n", entry.id(),
					TextFormat.instant(entry.occurredAt()), entry.actor(), entry.channel(), entry.action(),
					entry.target(), entry.outcome(), (entry.detail() != null) ? entry.detail() : "");
		}
		out.flush();
		return ExitCodes.OK;
	}

}
