package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

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

	ExecutionCommand(ExecutionHistory history) {
		this.history = history;
	}

	@Override
	public Integer call() {
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
