package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.jobs.historyarchive.ArchivedExecution;
import com.treasurybatch.jobs.historyarchive.ArchivedExecutions;
import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.operations.ExecutionOwner;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.ParameterView;
import com.treasurybatch.launcher.operations.Refusal;
import com.treasurybatch.launcher.operations.StepSummary;

/** {@code execution <id>}: everything about one execution. */
@Command(name = "execution", mixinStandardHelpOptions = true,
		description = "Show one execution: parameters, status, times (UTC), who started it, steps and their counts.")
@Component
@Scope("prototype")
class ExecutionCommand extends SpringCommand implements CliCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "Id of the execution.")
	long executionId;

	private final ExecutionHistory history;

	private final ArchivedExecutions archived;

	ExecutionCommand(ExecutionHistory history, ArchivedExecutions archived) {
		this.history = history;
		this.archived = archived;
	}

	@Override
	public Integer call() {
		ArchivedExecution archivedExecution = this.history.execution(this.executionId).isPresent() ? null
				: this.archived.find(this.executionId).orElse(null);
		if (archivedExecution != null) {
			out().printf("execution %d of %s (%s, ended %s) was archived at %s to %s (sha256 %s)%n",
					archivedExecution.id(), archivedExecution.jobName(), archivedExecution.status(),
					TextFormat.instant(archivedExecution.endedAt()), TextFormat.instant(archivedExecution.archivedAt()),
					archivedExecution.archiveFile(), archivedExecution.archiveSha256());
			out().flush();
			return ExitCodes.OK;
		}
		ExecutionDetail detail = this.history.execution(this.executionId)
			.orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_EXECUTION,
					"no execution with id " + this.executionId));
		ExecutionSummary summary = detail.summary();
		PrintWriter out = out();
		out.printf("execution %d%n", summary.id());
		out.printf("  job           %s (instance %d)%n", summary.jobName(), summary.instanceId());
		out.printf("  status        %s (exit code %s)%n", summary.status(), summary.exitCode());
		out.printf("  started       %s%n", TextFormat.instant(summary.startedAt()));
		out.printf("  ended         %s%n", TextFormat.instant(summary.endedAt()));
		out.printf("  duration      %s%n", TextFormat.duration(summary.durationMillis()));
		out.printf("  triggered by  %s%n", TextFormat.trigger(summary));
		ExecutionOwner owner = detail.owner();
		if (owner != null) {
			out.printf("  node          %s%s%n", owner.describe(), (owner.recoveredAt() != null) ? ", recovered at "
					+ TextFormat.instant(owner.recoveredAt()) + " by node " + owner.recoveredByNode() : "");
		}
		out.println("  parameters");
		for (ParameterView parameter : detail.parameters()) {
			out.printf("    %s = %s (%s%s)%n", parameter.name(), parameter.value(), parameter.type(),
					parameter.identifying() ? ", identifying" : "");
		}
		out.println("  steps");
		for (StepSummary step : detail.steps()) {
			out.printf("    %s  %s (exit code %s)  %s%n", step.name(), step.status(), step.exitCode(),
					TextFormat.duration(step.durationMillis()));
			out.printf(
					"      read %d  written %d  filtered %d  skipped %d (read %d, process %d, write %d)  "
							+ "commits %d  rollbacks %d%n",
					step.readCount(), step.writeCount(), step.filterCount(), step.skipCount(), step.readSkipCount(),
					step.processSkipCount(), step.writeSkipCount(), step.commitCount(), step.rollbackCount());
			if (!step.exitMessage().isBlank()) {
				out.printf("      exit message: %s%n", step.exitMessage().strip());
			}
		}
		if (!detail.exitMessage().isBlank()) {
			out.println("  exit message");
			out.println(detail.exitMessage().strip());
		}
		out.flush();
		return ExitCodes.OK;
	}

}
