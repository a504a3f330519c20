package com.treasurybatch.launcher.cli;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

/**
 * Who runs the CLI: {@code treasury.actor} (environment {@code TREASURY_ACTOR}), else the
 * operating-system user name; recorded with every run and audit row.
 */
@Component
class CliActor {

	private final Environment environment;

	CliActor(Environment environment) {
		this.environment = environment;
	}

	/** The actor name of a CLI process whose verb runs in this server ({@link #callAs}), on its thread. */
	private static final ThreadLocal<String> caller = new ThreadLocal<>();

	/**
	 * Runs a verb for a CLI process in this server: {@link #current()} is that process's actor meanwhile.
	 * @param name the caller's TREASURY_ACTOR or OS user name
	 */
	static int callAs(String name, java.util.function.IntSupplier verb) {
		caller.set(name);
		try {
			return verb.getAsInt();
		}
		finally {
			caller.remove();
		}
	}

	/** The actor of this CLI invocation, channel {@code cli}. */
	Actor current() {
		String name = caller.get();
		if (name == null) {
			name = this.environment.getProperty("treasury.actor", System.getProperty("user.name", "unknown"));
		}
		name = name.strip();
		if (name.isEmpty()) {
			name = "unknown";
		}
		if (name.length() > Actor.NAME_LENGTH_MAX) {
			name = name.substring(0, Actor.NAME_LENGTH_MAX);
		}
		return new Actor(name, AuditChannel.CLI);
	}

}
