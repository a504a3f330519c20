package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.treasurybatch.jobs.historyarchive.ArchivedExecution;
import com.treasurybatch.jobs.historyarchive.ArchivedExecutions;

/**
 * {@code archived-executions [--job J] [--limit N] [--before ID]}: executions batch-history-archive moved out of the
 * BATCH_ tables, newest first, with the archive file holding each.
 */
@Command(name = "archived-executions", mixinStandardHelpOptions = true,
		description = "List archived job executions, newest first (times in UTC), with their archive files.")
@Component
@Scope("prototype")
class ArchivedExecutionsCommand extends SpringCommand implements CliCommand {

	@Option(names = "--job", paramLabel = "JOB", description = "Only this job.")
	String jobName;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
			description = "How many, 1 to " + ArchivedExecutions.LIMIT_MAX + " (default: ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--before", paramLabel = "ID", description = "Only executions older than this id (next page).")
	Long beforeId;

	private final ArchivedExecutions archived;

	ArchivedExecutionsCommand(ArchivedExecutions archived) {
		this.archived = archived;
	}

	@Override
	public Integer call() {
		PrintWriter out = out();
		out.printf("%-8s %-24s %-10s %-20s %-20s %s%n", "ID", "JOB", "STATUS", "STARTED (UTC)", "ENDED (UTC)",
				"ARCHIVE FILE (SHA-256)");
		for (ArchivedExecution execution : this.archived.list(this.jobName, this.beforeId, this.limit)) {
			out.printf("%-8d %-24s %-10s %-20s %-20s %s (%s)%n", execution.id(), execution.jobName(),
					execution.status(), TextFormat.instant(execution.startedAt()),
					TextFormat.instant(execution.endedAt()), execution.archiveFile(), execution.archiveSha256());
		}
		out.flush();
		return ExitCodes.OK;
	}

}
