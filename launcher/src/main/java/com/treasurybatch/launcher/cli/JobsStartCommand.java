package com.treasurybatch.launcher.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.JobOperations;

/**
 * {@code jobs start <job> [name=value ...]}: runs a job in this process and follows it to
 * its end.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
		description = { "Start a job and follow it to its end in this process.",
				"Parameters are identifying (the instance's business key). Values: ISO dates (2026-11-20) are dates,",
				"whole numbers (42) are longs, anything else is text; force a type with name:date, name:long or",
				"name:string. Without parameters, a job with an incrementer starts its next instance.",
				"A COMPLETED instance does not run again; a FAILED or STOPPED one resumes where it stopped." })
@Component
@Scope("prototype")
class JobsStartCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "JOB", description = "Job name, e.g. nightly-payouts.")
	String jobName;

	@Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "Identifying job parameters.")
	List<String> parameters = new ArrayList<>();

	private final JobOperations operations;

	private final RunFollower follower;

	private final CliActor actor;

	JobsStartCommand(JobOperations operations, RunFollower follower, CliActor actor) {
		this.operations = operations;
		this.follower = follower;
		this.actor = actor;
	}

	@Override
	public Integer call() throws InterruptedException {
		Map<String, String> requested = new LinkedHashMap<>();
		for (String parameter : this.parameters) {
			int equals = parameter.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Job parameter '" + parameter + "' is not name=value");
			}
			if (requested.put(parameter.substring(0, equals), parameter.substring(equals + 1)) != null) {
				throw new IllegalArgumentException(
						"Job parameter '" + parameter.substring(0, equals) + "' is given twice");
			}
		}
		return this.follower.follow(this.operations.start(this.jobName, requested, this.actor.current()), out());
	}

}
