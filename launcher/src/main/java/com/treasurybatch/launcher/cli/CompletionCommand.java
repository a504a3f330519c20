package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code completion}: prints a bash completion script for every verb, subcommand and option (picocli's
 * {@link AutoComplete}); zsh reads it too after {@code autoload -U +X bashcompinit && bashcompinit}. Needs no
 * database.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
		description = { "Print a bash/zsh completion script for treasury-batch.",
				"bash: source <(treasury-batch completion)",
				"zsh:  autoload -U +X bashcompinit && bashcompinit && source <(treasury-batch completion)" })
class CompletionCommand implements CliCommand, Callable<Integer> {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		CommandLine root = this.spec.commandLine().getParent();
		PrintWriter out = this.spec.commandLine().getOut();
		out.print(AutoComplete.bash("treasury-batch", root));
		out.flush();
		return ExitCodes.OK;
	}

}
