package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.operations.ExecutionQuery;
import com.treasurybatch.launcher.operations.ExecutionSummary;

/**
 * {@code executions [--job J] [--status S] [--limit N] [--before ID]}: execution history,
 * newest first.
 */
@Command(name = "executions", mixinStandardHelpOptions = true,
		description = "List job executions, newest first (times in UTC).")
@Component
@Scope("prototype")
class ExecutionsCommand extends SpringCommand implements CliCommand {

	@Option(names = "--job", paramLabel = "JOB", description = "Only this job.")
	String jobName;

	@Option(names = "--status", paramLabel = "STATUS",
			description = "Only this status: STARTING, STARTED, STOPPING, STOPPED, FAILED, COMPLETED, ABANDONED, UNKNOWN.")
	String status;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "" + ExecutionQuery.LIMIT_DEFAULT,
			description = "How many, 1 to " + ExecutionQuery.LIMIT_MAX + " (default: ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--before", paramLabel = "ID", description = "Only executions older than this id (next page).")
	Long beforeId;

	private final ExecutionHistory history;

	ExecutionsCommand(ExecutionHistory history) {
		this.history = history;
	}

	@Override
	public Integer call() {
		List<ExecutionSummary> executions = this.history
			.executions(new ExecutionQuery(this.jobName, this.status, this.beforeId, this.limit));
		PrintWriter out = out();
		out.printf("%-8s %-28s %-10s %-10s %-20s %-14s %-24s %s%n", "ID", "JOB", "STATUS", "EXIT", "STARTED (UTC)",
				"DURATION", "TRIGGERED BY", "MESSAGE");
		for (ExecutionSummary execution : executions) {
			out.printf("%-8d %-28s %-10s %-10s %-20s %-14s %-24s %s%n", execution.id(), execution.jobName(),
					execution.status(), execution.exitCode(), TextFormat.instant(execution.startedAt()),
					TextFormat.duration(execution.durationMillis()), TextFormat.trigger(execution),
					TextFormat.cut(execution.exitMessage(), 80));
		}
		out.flush();
		return ExitCodes.OK;
	}

}
