package com.treasurybatch.launcher.operations;

import java.util.Locale;

/** What kind of process a node is: the long-running server or one CLI invocation. */
public enum NodeKind {

	/**
	 * The server: web API, receiver, scheduler; recovers dead nodes' executions
	 * periodically.
	 */
	SERVER,

	/**
	 * One CLI invocation: runs at most the job it was asked to run, recovers once at
	 * start-up.
	 */
	CLI;

	/** The value stored in {@code batch_nodes.kind}, e.g. {@code server}. */
	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
