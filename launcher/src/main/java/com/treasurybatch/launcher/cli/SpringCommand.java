package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the verbs that run inside the Spring context: where they print. Annotate a
 * subclass with picocli's {@code @Command}, Spring's {@code @Component} and
 * {@code @Scope("prototype")}, inject what it needs through its constructor, and print
 * with {@link #out()}. The command factory hands over the CLI's output writer when it
 * takes the command from the context. (picocli's {@code @Spec} injection would create the
 * command, and so start Spring, while merely building the command tree, e.g. for
 * {@code --help}: do not use it in these commands.) {@link #call()} returns one of the
 * {@link ExitCodes}; an {@link IllegalArgumentException} it throws is a usage error, an
 * {@code OperationRefusedException} a refusal.
 */
public abstract class SpringCommand implements Callable<Integer> {

	private PrintWriter out = new PrintWriter(System.out, true);

	/** Where this command prints; called by the command factory. */
	final void printTo(PrintWriter out) {
		this.out = out;
	}

	/**
	 * The CLI's standard output.
	 * @return the writer commands print their results to
	 */
	protected final PrintWriter out() {
		return this.out;
	}

}
