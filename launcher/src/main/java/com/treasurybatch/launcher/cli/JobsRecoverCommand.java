package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;

/**
 * {@code jobs recover <executionId>}: recovers a running execution whose node is gone.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
		description = "Mark a running execution whose node is gone FAILED, so that it can be restarted (normally automatic).")
@Component
@Scope("prototype")
class JobsRecoverCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "Id of the execution.")
	long executionId;

	private final JobOperations operations;

	private final CliActor actor;

	JobsRecoverCommand(JobOperations operations, CliActor actor) {
		this.operations = operations;
		this.actor = actor;
	}

	@Override
	public Integer call() {
		ExecutionSummary execution = this.operations.recover(this.executionId, this.actor.current());
		PrintWriter out = out();
		out.printf("execution %d of job %s is now %s%n", execution.id(), execution.jobName(), execution.status());
		out.flush();
		return ExitCodes.OK;
	}

}
