package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;

/** {@code jobs abandon <executionId>}: marks a STOPPED or FAILED execution ABANDONED. */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Mark a STOPPED or FAILED execution ABANDONED: its instance will not run again.")
@Component
@Scope("prototype")
class JobsAbandonCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "Id of the execution.")
	long executionId;

	private final JobOperations operations;

	private final CliActor actor;

	JobsAbandonCommand(JobOperations operations, CliActor actor) {
		this.operations = operations;
		this.actor = actor;
	}

	@Override
	public Integer call() {
		ExecutionSummary execution = this.operations.abandon(this.executionId, this.actor.current());
		PrintWriter out = out();
		out.printf("execution %d of job %s is now %s%n", execution.id(), execution.jobName(), execution.status());
		out.flush();
		return ExitCodes.OK;
	}

}
