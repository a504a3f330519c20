package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.JobSummary;

/** {@code jobs list}: every registered job with its last execution. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs and their last execution.")
@Component
@Scope("prototype")
class JobsListCommand extends SpringCommand {

	private final JobOperations operations;

	JobsListCommand(JobOperations operations) {
		this.operations = operations;
	}

	@Override
	public Integer call() {
		PrintWriter out = out();
		out.printf("%-28s %-11s %-13s %s%n", "JOB", "RESTARTABLE", "NEXT-INSTANCE", "LAST EXECUTION");
		for (JobSummary job : this.operations.jobs()) {
			ExecutionSummary last = job.lastExecution();
			String lastText = (last == null) ? "never ran"
					: String.format("%d %s %s (%s) by %s", last.id(), last.status(),
							TextFormat.instant(last.startedAt()), TextFormat.duration(last.durationMillis()),
							TextFormat.trigger(last));
			out.printf("%-28s %-11s %-13s %s%n", job.name(), job.restartable() ? "yes" : "no",
					job.incrementing() ? "yes" : "no", lastText);
		}
		out.flush();
		return ExitCodes.OK;
	}

}
