package com.treasurybatch.launcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jobs}: the verbs that list and operate jobs. Needs no Spring context of its own.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, start, restart, stop, abandon jobs.",
		subcommands = { JobsListCommand.class, JobsStartCommand.class, JobsRestartCommand.class, JobsStopCommand.class,
				JobsAbandonCommand.class, JobsRecoverCommand.class })
class JobsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, start, restart, stop, abandon or recover");
	}

}
