package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;

/**
 * {@code jobs stop <executionId>}: asks a running execution, wherever it runs, to stop.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask a running execution to stop at its next chunk boundary (it becomes STOPPED, restartable).")
@Component
@Scope("prototype")
class JobsStopCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "Id of the execution.")
	long executionId;

	private final JobOperations operations;

	private final CliActor actor;

	JobsStopCommand(JobOperations operations, CliActor actor) {
		this.operations = operations;
		this.actor = actor;
	}

	@Override
	public Integer call() {
		ExecutionSummary execution = this.operations.stop(this.executionId, this.actor.current());
		PrintWriter out = out();
		out.printf("execution %d of job %s is now %s%n", execution.id(), execution.jobName(), execution.status());
		out.flush();
		return ExitCodes.OK;
	}

}
