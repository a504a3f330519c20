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

	/** The actor of this CLI invocation, channel {@code cli}. */
	Actor current() {
		String name = this.environment.getProperty("treasury.actor", System.getProperty("user.name", "unknown"));
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
