package com.treasurybatch.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.JobOperations;

/**
 * {@code jobs restart <executionId>}: resumes a FAILED or STOPPED instance in this
 * process.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Restart the instance of a FAILED or STOPPED execution from its last committed chunk, "
				+ "in this process, and follow it to its end.")
@Component
@Scope("prototype")
class JobsRestartCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "Id of the execution to restart.")
	long executionId;

	private final JobOperations operations;

	private final RunFollower follower;

	private final CliActor actor;

	JobsRestartCommand(JobOperations operations, RunFollower follower, CliActor actor) {
		this.operations = operations;
		this.follower = follower;
		this.actor = actor;
	}

	@Override
	public Integer call() throws InterruptedException {
		return this.follower.follow(this.operations.restart(this.executionId, this.actor.current()), out());
	}

}
